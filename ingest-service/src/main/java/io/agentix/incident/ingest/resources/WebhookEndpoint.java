package io.agentix.incident.ingest.resources;

import java.util.Objects;

import io.agentix.incident.ingest.auth.DeliveryAuthenticator;
import io.agentix.incident.ingest.core.Source;

/**
 * One webhook endpoint: its source, the path as stored with a delivery (any URL token written as
 * {@code ***}), and how its senders are authenticated.
 */
public record WebhookEndpoint(Source source, String path, DeliveryAuthenticator authenticator) {

    public WebhookEndpoint {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(authenticator, "authenticator of " + path);
    }
}
