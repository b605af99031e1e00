package io.agentix.incident.service.health;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.codahale.metrics.health.HealthCheck;

import io.agentix.incident.service.kafka.ConsumerLagMonitor;

/**
 * Red while a partition of the group has records waiting and the group's committed offset on it has
 * not moved for longer than {@code stuckAfter}: the consumer runs (its own checks may be green) but
 * does not get through its input, e.g. a stream thread spinning on one record or a punctuation that
 * never ends. Green while the lag cannot be read: the Kafka check already says the broker is away.
 */
public final class ConsumerLagHealthCheck extends HealthCheck {

    private final ConsumerLagMonitor monitor;
    private final Duration stuckAfter;

    public ConsumerLagHealthCheck(ConsumerLagMonitor monitor, Duration stuckAfter) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.stuckAfter = Objects.requireNonNull(stuckAfter, "stuckAfter");
    }

    @Override
    protected Result check() {
        List<String> stuck = monitor.stuckPartitions(stuckAfter);
        if (!stuck.isEmpty()) {
            return Result.unhealthy("no progress for more than %s with records waiting: %s", stuckAfter,
                    String.join("; ", stuck));
        }
        String error = monitor.lastError();
        return error == null ? Result.healthy("%d partition(s) followed, none stuck", monitor.latest().size())
                : Result.healthy("lag not readable right now (%s)", error);
    }
}
