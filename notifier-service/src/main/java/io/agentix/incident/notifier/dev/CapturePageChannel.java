package io.agentix.incident.notifier.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.notifier.channel.Delivery;
import io.agentix.incident.notifier.channel.DeliveryChannel;
import io.agentix.incident.notifier.channel.DeliveryException;
import io.agentix.incident.notifier.channel.SendResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The dev page route ({@code type: capture}): each page becomes one JSON file under a directory
 * ({@code var/pages} by default) that {@code GET /pages} lists. Fields: {@code deliveryId,
 * notificationId, route, incidentId, kind, severity, pageAction, recipientRole, recipients} (recipient
 * ids), {@code recipientNames, subject, body, text} (subject and body as a pager would show them),
 * {@code links, receivedAt}. Every send writes a new file, so a page sent twice shows twice.
 */
public final class CapturePageChannel implements DeliveryChannel {

    private final String route;
    private final CaptureFiles files;
    private final Clock clock;
    private final ObjectMapper json;

    public CapturePageChannel(String route, Path directory, Clock clock, ObjectMapper json) {
        this.route = Objects.requireNonNull(route, "route");
        this.files = new CaptureFiles(Objects.requireNonNull(directory, "directory"), "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public String endpoint() {
        return route;
    }

    @Override
    public SendResult send(Delivery delivery) throws DeliveryException {
        Notification n = delivery.notification();
        Instant receivedAt = clock.instant();
        ObjectNode page = json.createObjectNode();
        page.put("deliveryId", delivery.deliveryId());
        page.put("notificationId", n.getNotificationId());
        page.put("route", route);
        page.put("incidentId", n.getIncidentId());
        page.put("kind", n.getKind().toString());
        page.put("severity", n.getSeverity().toString());
        page.put("pageAction", n.getPageAction() == null ? null : n.getPageAction().toString());
        page.put("recipientRole", n.getRecipientRole());
        ArrayNode ids = page.putArray("recipients");
        ArrayNode names = page.putArray("recipientNames");
        for (Recipient recipient : delivery.recipients()) {
            ids.add(recipient.getId());
            names.add(recipient.getName() == null ? recipient.getId() : recipient.getName());
        }
        page.put("subject", n.getSubject());
        page.put("body", n.getBody());
        page.put("text", n.getSubject() + "\n\n" + n.getBody());
        ArrayNode links = page.putArray("links");
        for (Link link : n.getLinks()) {
            links.addObject().put("label", link.getLabel()).put("url", link.getUrl());
        }
        page.put("receivedAt", receivedAt.toString());
        try {
            Path file = files.write(receivedAt, delivery.deliveryId(),
                    out -> json.writerWithDefaultPrettyPrinter().writeValue(out, page));
            return new SendResult(file.getFileName().toString(),
                    delivery.recipients().stream().map(Recipient::getId).toList());
        } catch (IOException e) {
            throw new DeliveryException("page capture cannot write to " + files.directory().toAbsolutePath() + ": "
                    + e.getMessage(), true, e);
        }
    }
}
