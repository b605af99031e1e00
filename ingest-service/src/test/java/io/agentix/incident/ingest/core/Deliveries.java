package io.agentix.incident.ingest.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Builds {@link WebhookDelivery}s for tests from {@code payloads/<source>/<name>.json} or inline JSON. */
public final class Deliveries {

    public static final Instant RECEIVED_AT = Instant.parse("2025-03-01T12:00:00Z");
    public static final String ACCOUNT = "acme";

    private Deliveries() {
    }

    /** The bytes of {@code payloads/<source id>/<name>.json}, exactly as stored. */
    public static byte[] payload(Source source, String name) {
        String resource = "/payloads/" + source.id() + "/" + name + ".json";
        try (InputStream in = Deliveries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** A stored payload from account {@value #ACCOUNT}, received at {@link #RECEIVED_AT}. */
    public static WebhookDelivery fromPayload(Source source, String name, Map<String, String> headers) {
        return delivery(source, ACCOUNT, payload(source, name), headers, RECEIVED_AT);
    }

    public static WebhookDelivery fromPayload(Source source, String name) {
        return fromPayload(source, name, Map.of());
    }

    /** An inline JSON body from account {@value #ACCOUNT}, received at {@link #RECEIVED_AT}. */
    public static WebhookDelivery fromJson(Source source, String json) {
        return delivery(source, ACCOUNT, json.getBytes(StandardCharsets.UTF_8), Map.of(), RECEIVED_AT);
    }

    public static WebhookDelivery delivery(Source source, String account, byte[] body, Map<String, String> headers,
                                           Instant receivedAt) {
        return new WebhookDelivery("raw-" + source.id() + "-1", source, account, headers, body, receivedAt);
    }
}
