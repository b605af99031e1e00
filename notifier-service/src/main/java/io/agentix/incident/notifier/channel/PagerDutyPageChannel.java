package io.agentix.incident.notifier.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.PageAction;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.events.Severity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * A page as a PagerDuty Events API v2 event ({@code POST /v2/enqueue}).
 *
 * <p>{@code dedup_key} is the incident id, so every page of one incident (open, escalation, all hands) is
 * one PagerDuty alert and its acknowledge and resolve close that alert. {@code event_action} comes from
 * the notification's {@code pageAction} (no action means trigger). A trigger carries {@code payload}:
 * {@code summary} (the subject, cut to PagerDuty's 1,024 characters), {@code source}, {@code severity}
 * (P1 critical, P2 error, P3 warning, P4 info), {@code timestamp}, {@code class} (the kind),
 * {@code group} (the role paged) and {@code custom_details} (delivery id, notification id, kind, role,
 * recipients, body, links), plus the web links as {@code links}. Acknowledge and resolve send only
 * routing key, dedup key and action, which is all PagerDuty reads for them.
 *
 * <p>PagerDuty answers 202 with the dedup key (the receipt's provider id); 400 (invalid event) is
 * permanent, 429 and 5xx are retried.
 */
public final class PagerDutyPageChannel extends HttpPageChannel {

    /** PagerDuty's Events API v2 endpoint. */
    public static final URI EVENTS_V2 = URI.create("https://events.pagerduty.com/v2/enqueue");

    static final int SUMMARY_MAX = 1024;

    private final String routingKey;
    private final String source;

    public PagerDutyPageChannel(String route, HttpClient client, URI url, Duration timeout, String routingKey,
                                String source, ObjectMapper json) {
        super(route, client, url, timeout, json);
        if (routingKey == null || routingKey.isBlank()) {
            throw new IllegalArgumentException("PagerDuty page route '" + route + "' needs a routingKey "
                    + "(the integration key of an Events API v2 integration)");
        }
        this.routingKey = routingKey;
        this.source = source == null || source.isBlank() ? "incident-engine" : source;
    }

    /** P1 critical, P2 error, P3 warning, P4 info. */
    public static String severity(Severity severity) {
        return switch (severity) {
            case P1 -> "critical";
            case P2 -> "error";
            case P3 -> "warning";
            case P4 -> "info";
        };
    }

    @Override
    protected ObjectNode body(Delivery delivery) {
        Notification n = delivery.notification();
        PageAction action = n.getPageAction() == null ? PageAction.TRIGGER : n.getPageAction();
        ObjectNode body = json.createObjectNode();
        body.put("routing_key", routingKey);
        body.put("event_action", action.toString().toLowerCase(Locale.ROOT));
        body.put("dedup_key", n.getIncidentId());
        if (action != PageAction.TRIGGER) {
            return body;
        }
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", truncate(n.getSubject(), SUMMARY_MAX));
        payload.put("source", source);
        payload.put("severity", severity(n.getSeverity()));
        payload.put("timestamp", n.getCreatedAt().toString());
        payload.put("class", n.getKind().toString());
        if (n.getRecipientRole() != null) {
            payload.put("group", n.getRecipientRole());
        }
        ObjectNode details = payload.putObject("custom_details");
        details.put("delivery_id", delivery.deliveryId());
        details.put("notification_id", n.getNotificationId());
        details.put("incident_id", n.getIncidentId());
        details.put("kind", n.getKind().toString());
        details.put("role", n.getRecipientRole());
        ArrayNode recipients = details.putArray("recipients");
        delivery.recipients().forEach(r -> recipients.add(r.getId()));
        details.put("body", n.getBody());
        details.set("links", links(json, n));
        body.put("client", "Agentix incident engine");
        ArrayNode links = json.createArrayNode();
        for (Link link : n.getLinks()) {
            if (isWebUrl(link.getUrl())) {
                links.addObject().put("href", link.getUrl()).put("text", link.getLabel());
            }
        }
        if (!links.isEmpty()) {
            body.set("links", links);
        }
        return body;
    }

    @Override
    protected SendResult accepted(Delivery delivery, HttpResponse<String> response) {
        String dedupKey = delivery.notification().getIncidentId();
        try {
            JsonNode answer = json.readTree(response.body());
            if (answer != null && answer.hasNonNull("dedup_key")) {
                dedupKey = answer.get("dedup_key").asText();
            }
        } catch (JsonProcessingException notJson) {
            // Accepted all the same; the dedup key we sent is the one PagerDuty uses.
        }
        return new SendResult(dedupKey, delivery.recipients().stream().map(Recipient::getId).toList());
    }
}
