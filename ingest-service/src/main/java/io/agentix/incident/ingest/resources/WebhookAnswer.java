package io.agentix.incident.ingest.resources;

import java.util.Map;
import java.util.Objects;

/**
 * The answer to one delivery, written as JSON: the status, the entity (an
 * {@link io.agentix.incident.ingest.api.AcceptedDelivery}, {@link io.agentix.incident.ingest.api.RejectedDelivery}
 * or {@link io.agentix.incident.service.api.ErrorResponse}) and any further headers.
 *
 * @param status the HTTP status
 * @param entity the JSON body
 * @param headers further response headers (Retry-After, Connection), by name
 */
public record WebhookAnswer(int status, Object entity, Map<String, String> headers) {

    public WebhookAnswer {
        Objects.requireNonNull(entity, "entity");
        headers = Map.copyOf(headers);
    }

    WebhookAnswer(int status, Object entity) {
        this(status, entity, Map.of());
    }
}
