package io.agentix.incident.notifier.channel;

import io.agentix.incident.events.Notification;
import java.util.List;

/**
 * The configured channels: plans a notification into deliveries and hands out the channel for each
 * endpoint. Built from the notifier's YAML ({@code email:} and {@code pages:} sections).
 */
public interface Channels extends AutoCloseable {

    /**
     * The deliveries a notification needs: EMAIL is one delivery to {@code smtp} with every recipient that
     * has an email address; PAGE is one delivery per page route, recipients grouped by their
     * {@code pageTarget} (a target with no configured route goes to the default route if one is configured).
     *
     * @throws InvalidNotificationException naming the problem when nothing can be delivered
     */
    List<Delivery> plan(Notification notification) throws InvalidNotificationException;

    /** The channel for an endpoint named by a planned delivery. */
    DeliveryChannel channel(String endpoint);

    @Override
    void close();
}
