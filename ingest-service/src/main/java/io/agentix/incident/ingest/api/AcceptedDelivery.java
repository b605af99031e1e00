package io.agentix.incident.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The 202 answer to an accepted delivery, sent once the broker acknowledged every record of it.
 *
 * @param rawId the delivery's id, the key of its {@code webhooks.raw} record
 * @param alerts how many alert events it produced
 * @param deployments how many deploy facts it produced
 * @param ignored why it produced nothing (it is kept all the same), or null
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AcceptedDelivery(@JsonProperty("rawId") String rawId,
                               @JsonProperty("alerts") int alerts,
                               @JsonProperty("deployments") int deployments,
                               @JsonProperty("ignored") String ignored) {
}
