package io.agentix.incident.notifier.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.Recipient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * A page route that POSTs a JSON body to one URL: the shared request, timeout and failure rules of the
 * webhook, Slack and PagerDuty channels. 2xx is delivered; 408, 429, 5xx and network failures
 * (refused, reset, timed out) are retryable; any other status is permanent (the request is wrong, or the
 * URL or key is, and sending it again changes nothing).
 */
abstract class HttpPageChannel implements DeliveryChannel {

    private static final int MAX_ERROR_BODY = 300;

    protected final String route;
    protected final ObjectMapper json;
    private final HttpClient client;
    private final URI url;
    private final Duration timeout;

    HttpPageChannel(String route, HttpClient client, URI url, Duration timeout, ObjectMapper json) {
        this.route = Objects.requireNonNull(route, "route");
        this.client = Objects.requireNonNull(client, "client");
        this.url = Objects.requireNonNull(url, "url");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.json = Objects.requireNonNull(json, "json");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("page route '" + route + "': timeout must be positive, not " + timeout);
        }
    }

    @Override
    public String endpoint() {
        return route;
    }

    /** The JSON body this provider expects. */
    protected abstract ObjectNode body(Delivery delivery);

    /** Headers beyond Content-Type, given the exact bytes that will be sent. */
    protected void headers(Delivery delivery, byte[] body, HttpRequest.Builder request) {
    }

    /** What the provider's 2xx answer says. */
    protected abstract SendResult accepted(Delivery delivery, HttpResponse<String> response);

    @Override
    public SendResult send(Delivery delivery) throws DeliveryException {
        byte[] body;
        try {
            body = json.writeValueAsBytes(body(delivery));
        } catch (JsonProcessingException e) {
            throw new DeliveryException("page " + delivery.deliveryId() + " cannot be written as JSON: " + e.getMessage(),
                    false, e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "agentix-incident-notifier")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers(delivery, body, request);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DeliveryException("page route '" + route + "' (" + safeUrl() + ") did not answer for "
                    + delivery.deliveryId() + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("page " + delivery.deliveryId() + " interrupted while sending to route '" + route
                    + "'", true, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return accepted(delivery, response);
        }
        boolean retryable = status == 408 || status == 429 || status >= 500;
        throw new DeliveryException("page route '" + route + "' (" + safeUrl() + ") answered " + status + " for "
                + delivery.deliveryId() + ": " + abbreviate(response.body()), retryable);
    }

    /** The URL without its path: Slack and webhook paths are secrets of their own. */
    private String safeUrl() {
        return url.getScheme() + "://" + url.getAuthority();
    }

    private static String abbreviate(String text) {
        if (text == null || text.isBlank()) {
            return "(no body)";
        }
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_ERROR_BODY ? oneLine : oneLine.substring(0, MAX_ERROR_BODY) + "...";
    }

    static ArrayNode recipients(ObjectMapper json, Delivery delivery) {
        ArrayNode array = json.createArrayNode();
        for (Recipient recipient : delivery.recipients()) {
            ObjectNode node = array.addObject();
            node.put("id", recipient.getId());
            node.put("name", recipient.getName());
            node.put("pageTarget", recipient.getPageTarget());
        }
        return array;
    }

    static ArrayNode links(ObjectMapper json, Notification notification) {
        ArrayNode array = json.createArrayNode();
        for (Link link : notification.getLinks()) {
            array.addObject().put("label", link.getLabel()).put("url", link.getUrl());
        }
        return array;
    }

    static boolean isWebUrl(String url) {
        return url.startsWith("https://") || url.startsWith("http://");
    }

    /** At most {@code max} characters, never splitting a surrogate pair (an emoji stays whole or goes). */
    static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }
}
