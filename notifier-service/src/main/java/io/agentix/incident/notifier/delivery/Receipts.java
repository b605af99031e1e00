package io.agentix.incident.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.DeliveryStatus;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationReceipt;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.notifier.channel.Delivery;
import io.agentix.incident.notifier.channel.SendResult;

/** The {@link NotificationReceipt}s of the outcomes, keyed (by the caller) by delivery id. */
public final class Receipts {

    private Receipts() {
    }

    static NotificationReceipt sent(Delivery delivery, SendResult result, int attempts, Instant firstAttemptAt,
                                    Instant now) {
        return base(delivery.notification(), DeliveryStatus.SENT, delivery.endpoint(), now)
                .setAttempts(attempts)
                .setProviderId(result.providerId())
                .setRecipients(List.copyOf(result.deliveredTo()))
                .setFirstAttemptAt(firstAttemptAt)
                .setLatencyMillis(latency(delivery.notification(), now).toMillis())
                .build();
    }

    static NotificationReceipt failed(Delivery delivery, String error, int attempts, Instant firstAttemptAt,
                                      Instant now) {
        return base(delivery.notification(), DeliveryStatus.FAILED, delivery.endpoint(), now)
                .setAttempts(attempts)
                .setRecipients(addresses(delivery))
                .setError(error)
                .setFirstAttemptAt(firstAttemptAt)
                .build();
    }

    static NotificationReceipt digested(Delivery folded, String digestId, SendResult result, int attempts,
                                        Instant firstAttemptAt, Instant now) {
        return base(folded.notification(), DeliveryStatus.DIGESTED, folded.endpoint(), now)
                .setAttempts(attempts)
                .setProviderId(result.providerId())
                .setRecipients(addresses(folded))
                .setDigestId(digestId)
                .setFirstAttemptAt(firstAttemptAt)
                .setLatencyMillis(latency(folded.notification(), now).toMillis())
                .build();
    }

    static NotificationReceipt rejected(Notification notification, String endpoint, String reason, Instant now) {
        return base(notification, DeliveryStatus.REJECTED, endpoint, now)
                .setAttempts(0)
                .setError(reason)
                .build();
    }

    /** From the engine's decision to now; never negative (the engine's clock may run ahead of ours). */
    static Duration latency(Notification notification, Instant now) {
        Duration latency = Duration.between(notification.getCreatedAt(), now);
        return latency.isNegative() ? Duration.ZERO : latency;
    }

    private static NotificationReceipt.Builder base(Notification notification, DeliveryStatus status, String endpoint,
                                                    Instant now) {
        return NotificationReceipt.newBuilder()
                .setNotificationId(notification.getNotificationId())
                .setIncidentId(notification.getIncidentId())
                .setChannel(notification.getChannel())
                .setStatus(status)
                .setEndpoint(endpoint)
                .setCompletedAt(now);
    }

    /** The addresses a delivery was meant for: email addresses, page targets, else the recipient ids. */
    static List<String> addresses(Delivery delivery) {
        boolean email = delivery.notification().getChannel() == Channel.EMAIL;
        return delivery.recipients().stream().map(recipient -> address(recipient, email)).toList();
    }

    private static String address(Recipient recipient, boolean email) {
        String address = email ? recipient.getEmail() : recipient.getPageTarget();
        return address != null ? address : recipient.getId();
    }
}
