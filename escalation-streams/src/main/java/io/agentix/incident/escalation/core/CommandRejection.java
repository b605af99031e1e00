package io.agentix.incident.escalation.core;

/** TEMPORARY stub of the CORE helper's type (contract); replaced on merge. */
public record CommandRejection(int httpStatus, String reason) {
}
