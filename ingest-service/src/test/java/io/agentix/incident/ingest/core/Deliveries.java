package io.agentix.incident.ingest.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test deliveries built from saved bodies under {@code src/test/resources/payloads/<source>/}. */
public final class Deliveries {

    /** Receipt time of every test delivery unless a test says otherwise. */
    public static final Instant RECEIVED_AT = Instant.parse("2025-09-10T09:00:00Z");

    private Deliveries() {
    }

    /** The raw bytes of {@code payloads/<source>/<name>}, exactly as stored. */
    public static byte[] payload(Source source, String name) {
        String resource = "/payloads/" + source.id() + "/" + name;
        try (InputStream in = Deliveries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test payload " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test payload " + resource, e);
        }
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
        return new WebhookDelivery("raw-" + EventIds.sha256Hex(body).substring(0, 12), source, account, map, body,
                RECEIVED_AT);
    }

    /** A delivery of the saved body {@code payloads/<source>/<name>}. */
    public static WebhookDelivery fromResource(Source source, String account, String name, String... headers) {
        return of(source, account, payload(source, name), headers);
    }
}
