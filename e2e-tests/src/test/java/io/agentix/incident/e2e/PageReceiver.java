package io.agentix.incident.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.agentix.incident.notifier.channel.WebhookPageChannel;

/**
 * A pager endpoint as a team would run one: a real HTTP server that takes the notifier's signed webhook
 * pages at {@code /pages/<person>}, checks each {@code X-Signature} the way a receiver must (over the raw
 * bytes, with the shared secret and its own clock), and keeps what it was sent.
 */
final class PageReceiver implements AutoCloseable {

    /** One request as received: which person's path, the delivery id header, the body, and whether it was signed right. */
    record Page(String person, String deliveryId, JsonNode body, boolean signatureValid) {

        String notificationId() {
            return body.get("notificationId").asText();
        }

        String kind() {
            return body.get("kind").asText();
        }

        String recipientRole() {
            return body.get("recipientRole").asText();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SIGNATURE_TOLERANCE = Duration.ofMinutes(5);

    private final String secret;
    private final HttpServer server;
    private final List<Page> pages = new CopyOnWriteArrayList<>();
    private final AtomicLong requestIds = new AtomicLong();

    PageReceiver(String secret) {
        this.secret = secret;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the page receiver's port", e);
        }
        server.createContext("/pages/", this::receive);
        server.start();
    }

    /** The URL the notifier's route for {@code person} posts to. */
    String urlFor(String person) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pages/" + person;
    }

    /** Every page received so far, in arrival order. */
    List<Page> pages() {
        return List.copyOf(pages);
    }

    private void receive(HttpExchange exchange) throws IOException {
        byte[] raw = exchange.getRequestBody().readAllBytes();
        String person = exchange.getRequestURI().getPath().substring("/pages/".length());
        boolean valid = WebhookPageChannel.verify(exchange.getRequestHeaders().getFirst(WebhookPageChannel.SIGNATURE_HEADER),
                raw, secret, Instant.now(), SIGNATURE_TOLERANCE);
        JsonNode body = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
        pages.add(new Page(person, exchange.getRequestHeaders().getFirst("X-Delivery-Id"), body, valid));
        // A receiver that cannot check the signature refuses, as a real one should: the notifier would retry.
        int status = valid ? 200 : 401;
        byte[] answer = (valid ? "{\"ok\": true}" : "{\"error\": \"bad signature\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Request-Id", "pager-" + requestIds.incrementAndGet());
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
