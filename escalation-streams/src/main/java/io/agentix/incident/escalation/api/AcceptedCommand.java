package io.agentix.incident.escalation.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The 202 answer to a command: Kafka has it on {@code incident-commands}, the engine applies it
 * next. The incident's timeline says how it went ({@code COMMAND_APPLIED} or, if the incident moved
 * on in the meantime, {@code COMMAND_REJECTED} with the reason), its {@code refId} being this
 * {@code commandId}.
 *
 * @param action the {@code CommandAction}, e.g. {@code SET_SEVERITY}
 */
public record AcceptedCommand(@JsonProperty("commandId") String commandId,
                              @JsonProperty("incidentId") String incidentId,
                              @JsonProperty("action") String action,
                              @JsonProperty("by") String by,
                              @JsonProperty("issuedAt") String issuedAt) {
}
