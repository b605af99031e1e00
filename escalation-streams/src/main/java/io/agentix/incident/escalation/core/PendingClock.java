package io.agentix.incident.escalation.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A clock of one incident waiting for its deadline. Equal values are the same clock: the processor
 * stores one entry per (deadline, incident, clock name) and {@link Decision#clocksToCancel()} names the
 * exact value it was given by {@link EngineState#clocksOf}.
 *
 * @param incidentId incident it belongs to
 * @param type what it does when it fires
 * @param deadline when it fires
 * @param generation which occurrence it is, see {@link ClockType}
 */
public record PendingClock(String incidentId, ClockType type, Instant deadline, int generation) {

    public PendingClock {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(deadline, "deadline");
    }

    /** How late it fires at {@code now}: zero when on time, never negative. */
    public long lateMillisAt(Instant now) {
        return Math.max(0, now.toEpochMilli() - deadline.toEpochMilli());
    }
}
