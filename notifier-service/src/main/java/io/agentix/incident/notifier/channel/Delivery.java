package io.agentix.incident.notifier.channel;

import io.agentix.incident.events.Notification;
import io.agentix.incident.events.Recipient;
import java.util.List;
import java.util.Objects;

/**
 * One send of one notification to one endpoint: the unit that is attempted, retried, rate-limited and
 * recorded in {@code notification-receipts}. An email notification is one delivery (endpoint {@code smtp});
 * a page notification is one delivery per page route its recipients resolve to.
 *
 * @param deliveryId the effectively-once key: the notification id for email, {@code <notificationId>@<route>}
 *                   for a page route; also the receipt's record key and the channel's own dedup key base
 * @param notification the request as the engine decided it (subject and body already rendered)
 * @param endpoint the endpoint name: {@code smtp} or the page route name; names the circuit breaker
 * @param recipients who this delivery addresses (a subset of the notification's recipients)
 */
public record Delivery(String deliveryId, Notification notification, String endpoint, List<Recipient> recipients) {

    public Delivery {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(notification, "notification");
        Objects.requireNonNull(endpoint, "endpoint");
        recipients = List.copyOf(recipients);
    }
}
