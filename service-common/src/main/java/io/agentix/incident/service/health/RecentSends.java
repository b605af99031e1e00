package io.agentix.incident.service.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * What became of a producer's latest sends, as its callbacks report it: whether the latest one
 * failed, when and why. Callbacks run on the producer's I/O thread, so recording a success is a
 * volatile read and, only when it ends a run of failures, a write.
 */
public final class RecentSends {

    /** The latest failure, or null while the latest completed send succeeded. */
    public record Failure(Instant at, String message) {
    }

    private final Clock clock;
    private volatile Failure failing;

    public RecentSends(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void succeeded() {
        if (failing != null) {
            failing = null;
        }
    }

    public void failed(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        failing = new Failure(clock.instant(), cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    /** The failure of the latest completed send, or null when it succeeded (or nothing was sent yet). */
    public Failure failing() {
        return failing;
    }
}
