package io.agentix.incident.notifier.health;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The latest FAILED delivery per endpoint, with when and why; thread-safe. */
public final class RecentFailures {

    /** One failed delivery. */
    public record Failure(Instant at, String deliveryId, String error) {
    }

    private final Clock clock;
    private final Map<String, Failure> latest = new ConcurrentHashMap<>();

    public RecentFailures(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void failed(String endpoint, String deliveryId, String error) {
        latest.put(endpoint, new Failure(clock.instant(), deliveryId, error));
    }

    /** Endpoint to its latest failure. */
    public Map<String, Failure> latest() {
        return Map.copyOf(latest);
    }
}
