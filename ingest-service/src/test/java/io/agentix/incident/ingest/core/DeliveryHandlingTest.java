package io.agentix.incident.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.agentix.incident.events.RejectedWebhook;

/** The small rules around a delivery: which content types are JSON, which headers are kept, raw ids. */
class DeliveryHandlingTest {

    @Test
    void jsonContentTypesAreJsonWithOrWithoutParameters() {
        assertThat(JsonContentType.isJson("application/json")).isTrue();
        assertThat(JsonContentType.isJson("Application/JSON; charset=utf-8")).isTrue();
        assertThat(JsonContentType.isJson("application/vnd.github+json")).isTrue();
        assertThat(JsonContentType.isJson("text/plain")).isFalse();
        assertThat(JsonContentType.isJson("application/x-www-form-urlencoded")).isFalse();
        assertThat(JsonContentType.isJson("application/+json")).isFalse();
        assertThat(JsonContentType.isJson("text/json")).isFalse();
        assertThat(JsonContentType.isJson(null)).isFalse();
    }

    @Test
    void storedHeadersAreLowerCaseWithoutCredentials() {
        Map<String, String> kept = StoredHeaders.newMap();
        for (String[] header : new String[][] {
                {"Content-Type", "application/json"}, {"Sentry-Hook-Resource", "issue"}, {"Authorization", "Bearer x"},
                {"Cookie", "a=b"}, {"Sentry-Hook-Signature", "ab"}, {"X-Hub-Signature-256", "sha256=ab"},
                {"X-Hub-Signature", "sha1=ab"}, {"X-Auth-Token", "t"}, {"X-Webhook-Secret", "s"}, {"X-Api-Key", "k"},
                {"Accept", "text/html"}, {"Accept", "application/json"}}) {
            StoredHeaders.put(kept, header[0], header[1]);
        }

        assertThat(kept).containsExactly(Map.entry("accept", "text/html, application/json"),
                Map.entry("content-type", "application/json"), Map.entry("sentry-hook-resource", "issue"));
    }

    @Test
    void rawIdsAreVersion7UuidsOrderedByReceiptTime() {
        UUID earlier = UUID.fromString(RawIds.next(Instant.parse("2025-11-21T23:48:42.311Z")));
        UUID later = UUID.fromString(RawIds.next(Instant.parse("2025-11-21T23:48:42.312Z")));

        assertThat(earlier.version()).isEqualTo(7);
        assertThat(earlier.variant()).isEqualTo(2);
        assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(Instant.parse("2025-11-21T23:48:42.311Z").toEpochMilli());
        assertThat(earlier.toString()).isLessThan(later.toString());
        assertThat(RawIds.next(Instant.EPOCH)).isNotEqualTo(RawIds.next(Instant.EPOCH));
    }

    @Test
    void rejectedRecordKeepsAPrefixAndSaysItIsCut() {
        DeliveryReceipt receipt = new DeliveryReceipt("raw-1", Source.RAILWAY, "/webhooks/railway/***", Map.of(),
                "text/plain", "127.0.0.1", Instant.parse("2025-11-21T23:48:42Z"));
        byte[] body = "0123456789".getBytes(StandardCharsets.UTF_8);

        RejectedWebhook cut = receipt.rejected(null, body, 4, 10, 415, "not JSON", null);
        RejectedWebhook whole = receipt.rejected("acme", body, 100, 10, 400, "$.x: missing", "$.x");

        assertThat(cut.getBody().remaining()).isEqualTo(4);
        assertThat(cut.getBodySize()).isEqualTo(10);
        assertThat(cut.getBodyTruncated()).isTrue();
        assertThat(whole.getBody().remaining()).isEqualTo(10);
        assertThat(whole.getBodyTruncated()).isFalse();
        assertThat(whole.getErrorPath()).isEqualTo("$.x");
    }
}
