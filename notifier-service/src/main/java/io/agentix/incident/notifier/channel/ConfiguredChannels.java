package io.agentix.incident.notifier.channel;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.Recipient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Channels} the notifier runs with: an optional SMTP channel (endpoint {@value #SMTP}) and the
 * configured page routes by name, one of which may be the default route.
 *
 * <p>Planning rules:
 * <ul>
 *   <li>EMAIL: one delivery to {@code smtp}, id = the notification id, recipients = those with an email
 *       address.</li>
 *   <li>PAGE: recipients grouped by {@code pageTarget}; a target with no configured route (or none at all)
 *       goes to the default route. A page recipient that no route takes but who has an email address is
 *       emailed instead (delivery {@code <notificationId>@smtp}), because a page that cannot be delivered
 *       must not vanish. Delivery ids are {@code <notificationId>@<route>}, in route order of first
 *       appearance.</li>
 *   <li>A recipient who can be reached by no configured channel is left out and logged; when that leaves
 *       nobody, the notification is invalid.</li>
 * </ul>
 */
public final class ConfiguredChannels implements Channels {

    /** The endpoint name of the email channel. */
    public static final String SMTP = "smtp";

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredChannels.class);

    private final DeliveryChannel email;
    private final Map<String, DeliveryChannel> routes;
    private final String defaultRoute;

    /**
     * @param email the SMTP channel, or null when email is not configured
     * @param routes page channels by route name (each channel's {@link DeliveryChannel#endpoint()} is its name)
     * @param defaultRoute the route for page targets without one of their own, or null
     */
    public ConfiguredChannels(DeliveryChannel email, Map<String, DeliveryChannel> routes, String defaultRoute) {
        this.email = email;
        this.routes = Map.copyOf(routes);
        if (email != null && !SMTP.equals(email.endpoint())) {
            throw new IllegalArgumentException("the email channel's endpoint must be '" + SMTP + "', not '"
                    + email.endpoint() + "'");
        }
        if (this.routes.containsKey(SMTP)) {
            throw new IllegalArgumentException("a page route cannot be named '" + SMTP
                    + "': that name is the email channel's endpoint");
        }
        this.routes.forEach((name, channel) -> {
            if (!name.equals(channel.endpoint())) {
                throw new IllegalArgumentException("page route '" + name + "' has a channel whose endpoint is '"
                        + channel.endpoint() + "'");
            }
        });
        if (defaultRoute != null && !this.routes.containsKey(defaultRoute)) {
            throw new IllegalArgumentException("default page route '" + defaultRoute
                    + "' is not a configured route; configured: " + new TreeSet<>(this.routes.keySet()));
        }
        this.defaultRoute = defaultRoute;
    }

    @Override
    public List<Delivery> plan(Notification notification) throws InvalidNotificationException {
        Objects.requireNonNull(notification, "notification");
        if (notification.getRecipients().isEmpty()) {
            throw new InvalidNotificationException("notification " + notification.getNotificationId()
                    + " has no recipients");
        }
        return notification.getChannel() == Channel.EMAIL ? planEmail(notification) : planPage(notification);
    }

    private List<Delivery> planEmail(Notification notification) throws InvalidNotificationException {
        String id = notification.getNotificationId();
        if (email == null) {
            throw new InvalidNotificationException("notification " + id
                    + " is an email but no email channel is configured (section email:)");
        }
        List<Recipient> withAddress = new ArrayList<>();
        for (Recipient recipient : notification.getRecipients()) {
            if (hasEmail(recipient)) {
                withAddress.add(recipient);
            } else {
                LOG.warn("Notification {}: recipient {} has no email address and is left out", id, recipient.getId());
            }
        }
        if (withAddress.isEmpty()) {
            throw new InvalidNotificationException("notification " + id + " is an email but none of its recipients "
                    + ids(notification.getRecipients()) + " has an email address");
        }
        return List.of(new Delivery(id, notification, SMTP, withAddress));
    }

    private List<Delivery> planPage(Notification notification) throws InvalidNotificationException {
        String id = notification.getNotificationId();
        Map<String, List<Recipient>> byEndpoint = new LinkedHashMap<>();
        List<Recipient> unreachable = new ArrayList<>();
        for (Recipient recipient : notification.getRecipients()) {
            String route = routeOf(recipient);
            if (route != null) {
                byEndpoint.computeIfAbsent(route, r -> new ArrayList<>()).add(recipient);
            } else if (email != null && hasEmail(recipient)) {
                LOG.warn("Notification {}: no page route for recipient {} (target '{}') and no default route; "
                        + "emailing instead", id, recipient.getId(), recipient.getPageTarget());
                byEndpoint.computeIfAbsent(SMTP, r -> new ArrayList<>()).add(recipient);
            } else {
                unreachable.add(recipient);
            }
        }
        if (byEndpoint.isEmpty()) {
            throw new InvalidNotificationException("notification " + id + " is a page but no recipient can be reached: "
                    + describe(unreachable) + " (configured routes: " + new TreeSet<>(routes.keySet())
                    + ", default route: " + (defaultRoute == null ? "none" : defaultRoute) + ")");
        }
        if (!unreachable.isEmpty()) {
            LOG.error("Notification {}: page recipients {} have no configured route, there is no default route and "
                    + "they cannot be emailed; they are left out", id, describe(unreachable));
        }
        List<Delivery> deliveries = new ArrayList<>();
        byEndpoint.forEach((endpoint, recipients) ->
                deliveries.add(new Delivery(id + "@" + endpoint, notification, endpoint, recipients)));
        return List.copyOf(deliveries);
    }

    private String routeOf(Recipient recipient) {
        String target = recipient.getPageTarget();
        if (target != null && routes.containsKey(target)) {
            return target;
        }
        return defaultRoute;
    }

    /**
     * @throws IllegalArgumentException naming the configured endpoints when {@code endpoint} is none of them
     *                                  (planned deliveries only name configured ones)
     */
    @Override
    public DeliveryChannel channel(String endpoint) {
        if (SMTP.equals(endpoint) && email != null) {
            return email;
        }
        DeliveryChannel route = routes.get(endpoint);
        if (route == null) {
            throw new IllegalArgumentException("no channel is configured for endpoint '" + endpoint + "'; configured: "
                    + endpoints());
        }
        return route;
    }

    /** Every configured endpoint name: {@code smtp} when email is configured, then the route names. */
    public List<String> endpoints() {
        List<String> names = new ArrayList<>();
        if (email != null) {
            names.add(SMTP);
        }
        names.addAll(new TreeSet<>(routes.keySet()));
        return names;
    }

    @Override
    public void close() {
        if (email != null) {
            email.close();
        }
        routes.values().forEach(DeliveryChannel::close);
    }

    private static boolean hasEmail(Recipient recipient) {
        return recipient.getEmail() != null && !recipient.getEmail().isBlank();
    }

    private static List<String> ids(List<Recipient> recipients) {
        return recipients.stream().map(Recipient::getId).toList();
    }

    private static String describe(List<Recipient> recipients) {
        return recipients.stream()
                .map(r -> r.getId() + " (page target " + (r.getPageTarget() == null ? "none" : "'" + r.getPageTarget() + "'")
                        + ")")
                .toList().toString();
    }
}
