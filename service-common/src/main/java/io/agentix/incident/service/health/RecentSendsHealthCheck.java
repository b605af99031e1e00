package io.agentix.incident.service.health;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

import com.codahale.metrics.health.HealthCheck;

/**
 * Unhealthy while a producer's latest send failed, within a window: the broker may answer
 * {@code describeCluster} (so {@link KafkaHealthCheck} stays green) and still refuse or time out
 * the records, e.g. when a topic is missing or too few replicas are in sync. A failure older than
 * the window with no send since no longer counts: then there is no evidence either way, and the
 * reachability check speaks.
 */
public final class RecentSendsHealthCheck extends HealthCheck {

    private final RecentSends sends;
    private final Duration window;
    private final Clock clock;

    public RecentSendsHealthCheck(RecentSends sends, Duration window, Clock clock) {
        this.sends = Objects.requireNonNull(sends, "sends");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }

    @Override
    protected Result check() {
        RecentSends.Failure failure = sends.failing();
        if (failure == null || failure.at().plus(window).isBefore(clock.instant())) {
            return Result.healthy("no failed send in the last %s", window);
        }
        return Result.unhealthy("the latest send failed at %s and none succeeded since: %s",
                failure.at(), failure.message());
    }
}
