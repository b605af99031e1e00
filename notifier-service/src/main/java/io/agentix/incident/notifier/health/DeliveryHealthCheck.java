package io.agentix.incident.notifier.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.codahale.metrics.health.HealthCheck;

import io.agentix.incident.notifier.delivery.CircuitBreaker;
import io.agentix.incident.notifier.kafka.NotificationLoop;

/**
 * Unhealthy while the consumer loop is dead, while an endpoint's breaker is open, or when a delivery ended
 * FAILED within the window (default 15 minutes); the message names the endpoints and the latest error.
 * A failure is never silent: the receipt records it, this check shows it until the window passes.
 */
public final class DeliveryHealthCheck extends HealthCheck {

    private final NotificationLoop loop;
    private final RecentFailures failures;
    private final Duration window;
    private final Clock clock;

    public DeliveryHealthCheck(NotificationLoop loop, RecentFailures failures, Duration window, Clock clock) {
        this.loop = Objects.requireNonNull(loop, "loop");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    protected Result check() {
        List<String> problems = new ArrayList<>();
        Throwable dead = loop.failure();
        if (dead != null) {
            problems.add("the notification loop stopped: " + dead);
        }
        new TreeMap<>(loop.breakerStates()).forEach((endpoint, state) -> {
            if (state != CircuitBreaker.State.CLOSED) {
                problems.add("endpoint " + endpoint + ": circuit breaker " + state.name().toLowerCase(java.util.Locale.ROOT)
                        + ", deliveries parked");
            }
        });
        for (Map.Entry<String, RecentFailures.Failure> entry : new TreeMap<>(failures.latest()).entrySet()) {
            RecentFailures.Failure failure = entry.getValue();
            if (!failure.at().plus(window).isBefore(clock.instant())) {
                problems.add("endpoint " + entry.getKey() + ": delivery " + failure.deliveryId() + " FAILED at "
                        + failure.at() + ": " + failure.error());
            }
        }
        if (problems.isEmpty()) {
            return Result.healthy("delivering; %d in flight, no failed delivery in the last %s", loop.inFlight(), window);
        }
        return Result.unhealthy(String.join("; ", problems));
    }
}
