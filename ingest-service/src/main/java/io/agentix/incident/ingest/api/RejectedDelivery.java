package io.agentix.incident.ingest.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The 4xx answer to a delivery that is kept in {@code webhooks.rejected} (400, 413, 415): the
 * status, the problem (e.g. {@code "$.data.issue.id: missing"}) and the id it is kept under.
 */
public record RejectedDelivery(@JsonProperty("code") int code,
                               @JsonProperty("message") String message,
                               @JsonProperty("rawId") String rawId) {
}
