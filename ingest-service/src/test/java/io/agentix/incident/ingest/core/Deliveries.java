package io.agentix.incident.ingest.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** Deliveries for normalizer tests, from saved bodies under {@code payloads/<source>/<name>.json}. */
final class Deliveries {

    /** Receipt time of every test delivery unless a test says otherwise. */
    static final Instant RECEIVED_AT = Instant.parse("2026-03-02T17:00:00Z");

    private Deliveries() {
    }

    /** The saved body {@code payloads/<source>/<name>.json} as delivered to {@code account}. */
    static WebhookDelivery fromFile(Source source, String account, String name) {
        return of(source, account, read(source, name), RECEIVED_AT);
    }

    static WebhookDelivery of(Source source, String account, String body) {
        return of(source, account, body.getBytes(StandardCharsets.UTF_8), RECEIVED_AT);
    }

    static WebhookDelivery of(Source source, String account, byte[] body, Instant receivedAt) {
        return new WebhookDelivery("raw-" + EventIds.sha256Hex(body).substring(0, 12), source, account,
                Map.of("Content-Type", "application/json"), body, receivedAt);
    }

    /** The saved body's text, for tests that edit one field. */
    static String text(Source source, String name) {
        return new String(read(source, name), StandardCharsets.UTF_8);
    }

    private static byte[] read(Source source, String name) {
        String resource = "/payloads/" + source.id() + "/" + name + ".json";
        try (InputStream in = Deliveries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload " + resource + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test payload " + resource, e);
        }
    }
}
