package io.agentix.incident.notifier.health;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import io.agentix.incident.events.Notification;
import io.agentix.incident.notifier.channel.Delivery;
import io.agentix.incident.notifier.delivery.DeliveryListener;
import io.agentix.incident.notifier.kafka.NotificationLoop;
import io.agentix.incident.service.metrics.MetricNames;

/**
 * The notifier's metrics, rendered by {@code /metrics/prometheus} (see {@link MetricNames}):
 * <ul>
 *   <li>{@code notifier_deliveries_total{channel,endpoint,outcome}}: outcome sent, failed, rejected, digested;</li>
 *   <li>{@code notifier_retries_total{channel,endpoint}}: attempts that failed and were parked for another;</li>
 *   <li>{@code notifier_delivery_latency_seconds{channel,endpoint}}: from the engine's decision
 *       ({@code createdAt}) to the endpoint's acceptance;</li>
 *   <li>{@code notifier_in_flight}: notifications taken and not finished;</li>
 *   <li>{@code notifier_breaker_open{endpoint}}: 1 while the endpoint's breaker is open or half-open.</li>
 * </ul>
 * Endpoints appear as they are first used; {@link #registerLoop} adds the gauges of a loop.
 */
public final class DeliveryMetrics implements DeliveryListener {

    private final MetricRegistry registry;
    private final RecentFailures failures;

    public DeliveryMetrics(MetricRegistry registry, RecentFailures failures) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    /** Adds the in-flight gauge of {@code loop} and a breaker gauge per endpoint it has met. */
    public void registerLoop(NotificationLoop loop) {
        registry.gauge("notifier.in.flight", () -> (Gauge<Integer>) loop::inFlight);
        registry.gauge("notifier.assigned.partitions", () -> (Gauge<Integer>) loop::assignedPartitions);
        this.loop = loop;
    }

    private volatile NotificationLoop loop;

    @Override
    public void sent(Delivery delivery, Duration latency) {
        count(delivery.notification(), delivery.endpoint(), "sent");
        registry.timer(MetricNames.labelled("notifier.delivery.latency", labels(delivery.notification(),
                delivery.endpoint()))).update(latency.toNanos(), TimeUnit.NANOSECONDS);
        breakerGauge(delivery.endpoint());
    }

    @Override
    public void failed(Delivery delivery, String error) {
        count(delivery.notification(), delivery.endpoint(), "failed");
        failures.failed(delivery.endpoint(), delivery.deliveryId(), error);
        breakerGauge(delivery.endpoint());
    }

    @Override
    public void rejected(Notification notification, String endpoint, String reason) {
        count(notification, endpoint == null ? "none" : endpoint, "rejected");
    }

    @Override
    public void digested(Delivery delivery) {
        count(delivery.notification(), delivery.endpoint(), "digested");
    }

    @Override
    public void retried(Delivery delivery, int attempt, String error, Duration wait) {
        registry.counter(MetricNames.labelled("notifier.retries", labels(delivery.notification(),
                delivery.endpoint()))).inc();
        breakerGauge(delivery.endpoint());
    }

    private void count(Notification notification, String endpoint, String outcome) {
        String[] labels = labels(notification, endpoint);
        registry.counter(MetricNames.labelled("notifier.deliveries", labels[0], labels[1], labels[2], labels[3],
                "outcome", outcome)).inc();
    }

    private void breakerGauge(String endpoint) {
        NotificationLoop current = loop;
        if (current == null) {
            return;
        }
        registry.gauge(MetricNames.labelled("notifier.breaker.open", "endpoint", endpoint),
                () -> (Gauge<Integer>) () -> {
                    var state = current.breakerStates().get(endpoint);
                    return state == null || state == io.agentix.incident.notifier.delivery.CircuitBreaker.State.CLOSED
                            ? 0 : 1;
                });
    }

    private static String[] labels(Notification notification, String endpoint) {
        return new String[] {"channel", notification.getChannel().name().toLowerCase(Locale.ROOT), "endpoint", endpoint};
    }
}
