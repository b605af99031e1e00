package io.agentix.incident.escalation.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Post-mortem rule of one severity (runbook section 6): required for P1/P2, with the meeting due
 * {@code meetingWithin} after resolution and the write-up due {@code writeupWithinBusinessDays}
 * business days after the incident.
 */
public record PostmortemPolicy(boolean required, Optional<Duration> meetingWithin, OptionalInt writeupWithinBusinessDays) {

    public PostmortemPolicy {
        Objects.requireNonNull(meetingWithin, "meetingWithin");
        Objects.requireNonNull(writeupWithinBusinessDays, "writeupWithinBusinessDays");
        if (required && (meetingWithin.isEmpty() || writeupWithinBusinessDays.isEmpty())) {
            throw new IllegalArgumentException("a required post-mortem needs meetingWithin and writeupWithinBusinessDays");
        }
    }

    /** No post-mortem (P3 optional, P4). */
    public static PostmortemPolicy notRequired() {
        return new PostmortemPolicy(false, Optional.empty(), OptionalInt.empty());
    }
}
