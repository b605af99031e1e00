package io.agentix.incident.ingest.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deliveries for normalizer tests, from saved bodies under {@code payloads/<source>/<name>.json}
 * or inline JSON.
 */
public final class Deliveries {

    /** Receipt time of every test delivery unless a test says otherwise. */
    public static final Instant RECEIVED_AT = Instant.parse("2026-03-02T17:00:00Z");
    /** Account of deliveries that do not name one. */
    public static final String ACCOUNT = "acme";

    private Deliveries() {
    }

    /** The bytes of {@code payloads/<source id>/<name>} exactly as stored; {@code .json} is added when missing. */
    public static byte[] payload(Source source, String name) {
        String file = name.endsWith(".json") ? name : name + ".json";
        String resource = "/payloads/" + source.id() + "/" + file;
        try (InputStream in = Deliveries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload " + resource + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test payload " + resource, e);
        }
    }

    /** The saved body's text, for tests that edit one field. */
    public static String text(Source source, String name) {
        return new String(payload(source, name), StandardCharsets.UTF_8);
    }

    /** The saved body as delivered to {@code account}. */
    public static WebhookDelivery fromFile(Source source, String account, String name) {
        return of(source, account, payload(source, name), RECEIVED_AT);
    }

    /** The saved body as delivered to {@code account}; {@code headers} alternate names and values. */
    public static WebhookDelivery fromResource(Source source, String account, String name, String... headers) {
        return of(source, account, payload(source, name), headers);
    }

    /** A stored payload from account {@value #ACCOUNT}. */
    public static WebhookDelivery fromPayload(Source source, String name, Map<String, String> headers) {
        return delivery(source, ACCOUNT, payload(source, name), headers, RECEIVED_AT);
    }

    public static WebhookDelivery fromPayload(Source source, String name) {
        return fromPayload(source, name, Map.of());
    }

    /** An inline JSON body from account {@value #ACCOUNT}. */
    public static WebhookDelivery fromJson(Source source, String json) {
        return delivery(source, ACCOUNT, json.getBytes(StandardCharsets.UTF_8), Map.of(), RECEIVED_AT);
    }

    public static WebhookDelivery of(Source source, String account, String body) {
        return of(source, account, body.getBytes(StandardCharsets.UTF_8), RECEIVED_AT);
    }

    public static WebhookDelivery of(Source source, String account, byte[] body, Instant receivedAt) {
        return withContentId(source, account, body, Map.of("Content-Type", "application/json"), receivedAt);
    }

    /** A delivery of {@code body}; {@code headers} alternate names and values. */
    public static WebhookDelivery of(Source source, String account, byte[] body, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come in name/value pairs");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return withContentId(source, account, body, map, RECEIVED_AT);
    }

    /** A delivery whose rawId is {@code raw-<source>-1}. */
    public static WebhookDelivery delivery(Source source, String account, byte[] body, Map<String, String> headers,
                                           Instant receivedAt) {
        return new WebhookDelivery("raw-" + source.id() + "-1", source, account, headers, body, receivedAt);
    }

    /** A delivery whose rawId is derived from the body. */
    private static WebhookDelivery withContentId(Source source, String account, byte[] body, Map<String, String> headers,
                                                 Instant receivedAt) {
        return new WebhookDelivery("raw-" + EventIds.sha256Hex(body).substring(0, 12), source, account, headers, body,
                receivedAt);
    }
}
