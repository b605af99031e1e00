package io.agentix.incident.escalation.core;

import java.time.Instant;

/** TEMPORARY stub of the CORE helper's type (contract); replaced on merge. */
public record PendingClock(String incidentId, ClockType type, Instant deadline, int generation) {
}
