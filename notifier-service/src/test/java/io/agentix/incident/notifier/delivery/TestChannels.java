package io.agentix.incident.notifier.delivery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.notifier.channel.Channels;
import io.agentix.incident.notifier.channel.Delivery;
import io.agentix.incident.notifier.channel.DeliveryChannel;
import io.agentix.incident.notifier.channel.InvalidNotificationException;
import io.agentix.incident.notifier.channel.SendResult;

/**
 * Plans as the contract of {@link Channels} says (EMAIL: one delivery to {@code smtp}; PAGE: one per route),
 * with a fixed set of known page routes; the channels themselves are never called by the coordinator (it
 * hands them to its port), so they only answer {@link DeliveryChannel#endpoint()}.
 */
public final class TestChannels implements Channels {

    private final Set<String> routes;

    public TestChannels(Set<String> routes) {
        this.routes = routes;
    }

    @Override
    public List<Delivery> plan(Notification notification) throws InvalidNotificationException {
        return planByRoute(notification);
    }

    /**
     * The {@link Channels} contract's planning without configured routes: EMAIL is one delivery to
     * {@code smtp}, PAGE one per {@code pageTarget}; no recipients is invalid.
     */
    public static List<Delivery> planByRoute(Notification notification) throws InvalidNotificationException {
        if (notification.getRecipients().isEmpty()) {
            throw new InvalidNotificationException("notification " + notification.getNotificationId()
                    + " has no recipients");
        }
        if (notification.getChannel() == Channel.EMAIL) {
            return List.of(new Delivery(notification.getNotificationId(), notification, "smtp",
                    notification.getRecipients()));
        }
        Map<String, List<Recipient>> byRoute = new LinkedHashMap<>();
        for (Recipient recipient : notification.getRecipients()) {
            byRoute.computeIfAbsent(recipient.getPageTarget(), r -> new ArrayList<>()).add(recipient);
        }
        List<Delivery> deliveries = new ArrayList<>();
        byRoute.forEach((route, recipients) -> deliveries.add(
                new Delivery(notification.getNotificationId() + "@" + route, notification, route, recipients)));
        return deliveries;
    }

    /** Refuses an endpoint that is neither {@code smtp} nor one of {@code routes}, as the real channels do. */
    public static void requireKnown(String endpoint, Set<String> routes) {
        if (!endpoint.equals("smtp") && !routes.contains(endpoint)) {
            throw new IllegalArgumentException("no page route '" + endpoint + "'");
        }
    }

    @Override
    public DeliveryChannel channel(String endpoint) {
        requireKnown(endpoint, routes);
        return new DeliveryChannel() {
            @Override
            public String endpoint() {
                return endpoint;
            }

            @Override
            public SendResult send(Delivery delivery) {
                throw new UnsupportedOperationException("the coordinator test sends through its port");
            }
        };
    }

    @Override
    public void close() {
    }
}
