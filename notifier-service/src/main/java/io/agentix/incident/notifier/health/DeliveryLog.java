package io.agentix.incident.notifier.health;

import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.agentix.incident.events.Notification;
import io.agentix.incident.notifier.channel.Delivery;
import io.agentix.incident.notifier.delivery.DeliveryListener;

/**
 * Logs how each delivery ended, one line each, with the incident id in the MDC ({@value #INCIDENT_ID}) so
 * that a JSON log carries it as a field, then passes the event on to {@code next} (the metrics).
 * Sent, digested and retried are INFO; FAILED and REJECTED are WARN (they also turn health red or are
 * recorded on the receipt).
 */
public final class DeliveryLog implements DeliveryListener {

    /** The MDC key of the incident id, the same in every service. */
    public static final String INCIDENT_ID = "incidentId";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLog.class);

    private final DeliveryListener next;

    public DeliveryLog(DeliveryListener next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void sent(Delivery delivery, Duration latency) {
        try (MDC.MDCCloseable incident = MDC.putCloseable(INCIDENT_ID, incidentId(delivery.notification()))) {
            LOG.info("Delivered {} ({} {}) via {} to {}, {} ms after the engine decided it", delivery.deliveryId(),
                    delivery.notification().getChannel(), delivery.notification().getKind(), delivery.endpoint(),
                    delivery.recipients().size() + " recipient(s)", latency.toMillis());
        }
        next.sent(delivery, latency);
    }

    @Override
    public void failed(Delivery delivery, String error) {
        try (MDC.MDCCloseable incident = MDC.putCloseable(INCIDENT_ID, incidentId(delivery.notification()))) {
            LOG.warn("Delivery {} via {} FAILED: {}", delivery.deliveryId(), delivery.endpoint(), error);
        }
        next.failed(delivery, error);
    }

    @Override
    public void rejected(Notification notification, String endpoint, String reason) {
        try (MDC.MDCCloseable incident = MDC.putCloseable(INCIDENT_ID, incidentId(notification))) {
            LOG.warn("Notification {} REJECTED{}: {}", notification.getNotificationId(),
                    endpoint == null ? "" : " for " + endpoint, reason);
        }
        next.rejected(notification, endpoint, reason);
    }

    @Override
    public void digested(Delivery delivery) {
        try (MDC.MDCCloseable incident = MDC.putCloseable(INCIDENT_ID, incidentId(delivery.notification()))) {
            LOG.info("Delivery {} via {} went out in a digest", delivery.deliveryId(), delivery.endpoint());
        }
        next.digested(delivery);
    }

    @Override
    public void retried(Delivery delivery, int attempt, String error, Duration wait) {
        // WARN, with the reason: a retried page may reach its receiver twice (same X-Delivery-Id) when the first
        // attempt arrived but its answer did not, and whoever looks at the receiver's side needs to know why.
        try (MDC.MDCCloseable incident = MDC.putCloseable(INCIDENT_ID, incidentId(delivery.notification()))) {
            LOG.warn("Delivery {} via {} failed attempt {}: {}; retrying in {} ms", delivery.deliveryId(),
                    delivery.endpoint(), attempt, error, wait.toMillis());
        }
        next.retried(delivery, attempt, error, wait);
    }

    private static String incidentId(Notification notification) {
        return notification.getIncidentId();
    }
}
