package io.agentix.incident.ingest.resources;

import java.util.Objects;

import io.agentix.incident.ingest.auth.DeliveryAuthenticator;

/**
 * The authenticator of each endpoint. {@code alertmanager} serves both the URL-token and the bearer
 * endpoint.
 */
public record WebhookAuthenticators(DeliveryAuthenticator sentry, DeliveryAuthenticator sentryLegacy,
                                    DeliveryAuthenticator betterstack, DeliveryAuthenticator railway,
                                    DeliveryAuthenticator alertmanager, DeliveryAuthenticator github,
                                    DeliveryAuthenticator reports) {

    public WebhookAuthenticators {
        Objects.requireNonNull(sentry, "sentry");
        Objects.requireNonNull(sentryLegacy, "sentryLegacy");
        Objects.requireNonNull(betterstack, "betterstack");
        Objects.requireNonNull(railway, "railway");
        Objects.requireNonNull(alertmanager, "alertmanager");
        Objects.requireNonNull(github, "github");
        Objects.requireNonNull(reports, "reports");
    }
}
