package io.agentix.incident.notifier.channel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.Recipient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A page as a Slack incoming webhook message: {@code {"text": subject, "blocks": [header, body section,
 * links section, context]}}. {@code text} is what Slack shows in notifications and where blocks cannot be
 * shown; the blocks carry the body (mrkdwn-escaped, cut to Slack's 3,000 characters per section), the
 * links (web links clickable) and a context line with incident, severity, kind, who is paged and the
 * delivery id. Slack answers 200 {@code ok}; its 4xx answers ({@code invalid_payload}, {@code no_service},
 * {@code channel_is_archived}) are permanent, 429 is retried.
 */
public final class SlackPageChannel extends HttpPageChannel {

    static final int HEADER_MAX = 150;
    static final int SECTION_MAX = 3000;

    public SlackPageChannel(String route, HttpClient client, URI webhookUrl, Duration timeout, ObjectMapper json) {
        super(route, client, webhookUrl, timeout, json);
    }

    @Override
    protected ObjectNode body(Delivery delivery) {
        Notification n = delivery.notification();
        ObjectNode body = json.createObjectNode();
        body.put("text", n.getSubject());
        ArrayNode blocks = body.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", truncate(n.getSubject(), HEADER_MAX))
                .put("emoji", true);

        if (!n.getBody().isBlank()) {
            section(blocks, truncate(escape(n.getBody().stripTrailing()), SECTION_MAX));
        }
        List<String> links = new ArrayList<>();
        for (Link link : n.getLinks()) {
            links.add(isWebUrl(link.getUrl())
                    ? "• <" + link.getUrl() + "|" + escape(link.getLabel()).replace("|", "¦") + ">"
                    : "• " + escape(link.getLabel()) + ": " + escape(link.getUrl()));
        }
        if (!links.isEmpty()) {
            section(blocks, truncate(String.join("\n", links), SECTION_MAX));
        }

        String who = String.join(", ", delivery.recipients().stream()
                .map(r -> r.getName() != null ? r.getName() : r.getId()).toList());
        String context = "`" + escape(n.getIncidentId()) + "` · " + n.getSeverity() + " · " + n.getKind()
                + (n.getPageAction() == null ? "" : " · " + n.getPageAction())
                + " · paged: " + escape(who)
                + (n.getRecipientRole() == null ? "" : " (" + escape(n.getRecipientRole()) + ")")
                + " · delivery `" + escape(delivery.deliveryId()) + "`";
        ObjectNode contextBlock = blocks.addObject().put("type", "context");
        contextBlock.putArray("elements").addObject().put("type", "mrkdwn").put("text", truncate(context, SECTION_MAX));
        return body;
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
    }

    /** Slack's three control characters in mrkdwn text. */
    static String escape(String text) {
        return Objects.requireNonNullElse(text, "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    protected SendResult accepted(Delivery delivery, HttpResponse<String> response) {
        return new SendResult(null, delivery.recipients().stream().map(Recipient::getId).toList());
    }
}
