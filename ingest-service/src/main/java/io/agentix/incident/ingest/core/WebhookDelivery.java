package io.agentix.incident.ingest.core;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One authenticated delivery as received: the raw body bytes (normalizers parse exactly these) and
 * what the request said around them.
 *
 * @param rawId id given to the delivery; every record it produces points back to it
 * @param source the endpoint it arrived on
 * @param sourceAccount the account resolved from its credentials (URL token, Sentry installation), or null
 * @param headers request headers with lower-case names
 * @param body the raw request body
 * @param receivedAt when the ingest service received it
 */
public record WebhookDelivery(String rawId, Source source, String sourceAccount, Map<String, String> headers,
                              byte[] body, Instant receivedAt) {

    public WebhookDelivery {
        Objects.requireNonNull(rawId, "rawId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(receivedAt, "receivedAt");
        TreeMap<String, String> lower = new TreeMap<>();
        if (headers != null) {
            headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        }
        headers = java.util.Collections.unmodifiableMap(lower);
    }

    /** A header by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }
}
