package io.agentix.incident.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.agentix.incident.ingest.auth.SentrySignatureVerifier.Outcome;
import io.agentix.incident.ingest.auth.SentrySignatureVerifier.Result;
import io.agentix.incident.ingest.core.JsonPayload;

class SentrySignatureVerifierTest {

    private static final String SECRET = "8f2e4c1a9b7d6e5f";
    private static final Duration SKEW = Duration.ofMinutes(5);

    /** What Sentry sends: Python's json.dumps with compact separators and ensure_ascii. */
    private static final byte[] SENTRY_BODY = ("{\"action\":\"created\",\"data\":{\"issue\":{\"id\":\"1170820299\","
            + "\"title\":\"K\\u00f6ln \\u6c7a\\u6e08 \\ud83d\\udd25\"}},"
            + "\"installation\":{\"uuid\":\"a8e5d37a-696c-4c54-adb5-b3f28d64c7de\"}}").getBytes(StandardCharsets.US_ASCII);
    /** hmac.new(SECRET, SENTRY_BODY, sha256).hexdigest(), computed with Python as Sentry does. */
    private static final String SENTRY_SIGNATURE = "4ea58fc837bf01d3dcdffec7955981d8013868423337a2885c46235c5b46ed12";

    private static final Instant NOW = Instant.parse("2025-09-10T08:55:00Z");
    private static final String NOW_SECONDS = "1757494500";

    private final SentrySignatureVerifier verifier = new SentrySignatureVerifier(SECRET, SKEW);

    @Test
    void acceptsTheSignatureSentryComputesOverItsRawEscapedBody() {
        Result result = verifier.verify(SENTRY_BODY, SENTRY_SIGNATURE, NOW_SECONDS, NOW);

        assertThat(result.isOk()).isTrue();
        assertThat(result.outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void rejectsTheSameJsonWrittenAgainUnescapedOrPretty() throws Exception {
        byte[] unescaped = new String(SENTRY_BODY, StandardCharsets.US_ASCII)
                .replace("K\\u00f6ln \\u6c7a\\u6e08 \\ud83d\\udd25", "Köln 決済 🔥").getBytes(StandardCharsets.UTF_8);
        byte[] pretty = JsonPayload.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsBytes(JsonPayload.mapper().readTree(SENTRY_BODY));
        byte[] reserialized = JsonPayload.mapper().writeValueAsBytes(JsonPayload.mapper().readTree(SENTRY_BODY));

        for (byte[] body : List.of(unescaped, pretty, reserialized)) {
            Result result = verifier.verify(body, SENTRY_SIGNATURE, NOW_SECONDS, NOW);
            assertThat(result.outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
            assertThat(result.reason()).isEqualTo("Sentry-Hook-Signature does not match the HMAC-SHA256 of the raw body ("
                    + body.length + " bytes) with the configured client secret");
        }
    }

    @Test
    void rejectsAMissingOrForeignSignature() {
        assertThat(verifier.verify(SENTRY_BODY, null, NOW_SECONDS, NOW))
                .isEqualTo(new Result(Outcome.MISSING_SIGNATURE, "missing Sentry-Hook-Signature header"));
        assertThat(verifier.verify(SENTRY_BODY, " ", NOW_SECONDS, NOW).outcome()).isEqualTo(Outcome.MISSING_SIGNATURE);
        assertThat(verifier.verify(SENTRY_BODY, "sha256=" + SENTRY_SIGNATURE, NOW_SECONDS, NOW).outcome())
                .isEqualTo(Outcome.BAD_SIGNATURE);
        assertThat(new SentrySignatureVerifier("another-secret", SKEW).verify(SENTRY_BODY, SENTRY_SIGNATURE, NOW_SECONDS, NOW)
                .outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
    }

    @Test
    void acceptsEitherSecretWhileOneIsRotated() {
        SentrySignatureVerifier rotating = new SentrySignatureVerifier(List.of("the-new-secret", SECRET), SKEW);

        assertThat(rotating.verify(SENTRY_BODY, SENTRY_SIGNATURE, NOW_SECONDS, NOW).isOk()).isTrue();
        String byNewSecret = new HmacSha256("the-new-secret").signHex(SENTRY_BODY);
        assertThat(rotating.verify(SENTRY_BODY, byNewSecret, NOW_SECONDS, NOW).isOk()).isTrue();
    }

    @Test
    void acceptsTimestampsUpToTheSkewInBothDirections() {
        assertThat(verifier.verify(SENTRY_BODY, SENTRY_SIGNATURE, "1757494200", NOW).isOk()).as("5 min behind").isTrue();
        assertThat(verifier.verify(SENTRY_BODY, SENTRY_SIGNATURE, "1757494800", NOW).isOk()).as("5 min ahead").isTrue();
    }

    @Test
    void rejectsTimestampsBeyondTheSkewInBothDirectionsNamingIt() {
        Result behind = verifier.verify(SENTRY_BODY, SENTRY_SIGNATURE, "1757494199", NOW);
        Result ahead = verifier.verify(SENTRY_BODY, SENTRY_SIGNATURE, "1757494801", NOW);

        assertThat(behind.outcome()).isEqualTo(Outcome.TIMESTAMP_OUTSIDE_SKEW);
        assertThat(behind.reason()).isEqualTo("Sentry-Hook-Timestamp 2025-09-10T08:49:59Z is 301 s behind the server clock"
                + " (2025-09-10T08:55:00Z), beyond the allowed skew of 300 s");
        assertThat(ahead.outcome()).isEqualTo(Outcome.TIMESTAMP_OUTSIDE_SKEW);
        assertThat(ahead.reason()).contains("301 s ahead of the server clock").endsWith("allowed skew of 300 s");
    }

    @Test
    void rejectsAMissingOrUnreadableTimestamp() {
        assertThat(verifier.verify(SENTRY_BODY, SENTRY_SIGNATURE, null, NOW))
                .isEqualTo(new Result(Outcome.MISSING_TIMESTAMP, "missing Sentry-Hook-Timestamp header"));
        for (String bad : List.of("yesterday", "-1757494500", "2025-09-10T08:55:00Z", "1e999999999")) {
            Result result = verifier.verify(SENTRY_BODY, SENTRY_SIGNATURE, bad, NOW);
            assertThat(result.outcome()).as(bad).isEqualTo(Outcome.INVALID_TIMESTAMP);
            assertThat(result.reason()).isEqualTo("Sentry-Hook-Timestamp '" + bad + "' is not Unix seconds");
        }
    }

    @Test
    void checksTheSignatureBeforeTheTimestamp() {
        assertThat(verifier.verify(SENTRY_BODY, "00", "stale", NOW).outcome()).isEqualTo(Outcome.BAD_SIGNATURE);
    }

    @Test
    void theOfflineCheckVerifiesTheSignatureOfAnOldBody() {
        assertThat(verifier.verifySignature(SENTRY_BODY, SENTRY_SIGNATURE).isOk()).isTrue();
        assertThat(verifier.verifySignature(SENTRY_BODY, null).outcome()).isEqualTo(Outcome.MISSING_SIGNATURE);
        assertThat(verifier.verifySignature("{}".getBytes(StandardCharsets.US_ASCII), SENTRY_SIGNATURE).outcome())
                .isEqualTo(Outcome.BAD_SIGNATURE);
    }

    @Test
    void requiresSecretsAndANonNegativeSkew() {
        assertThatThrownBy(() -> new SentrySignatureVerifier(List.of(), SKEW))
                .hasMessage("at least one Sentry client secret is required");
        assertThatThrownBy(() -> new SentrySignatureVerifier("", SKEW)).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> new SentrySignatureVerifier(SECRET, Duration.ofSeconds(-1)))
                .hasMessage("maxSkew must not be negative, got PT-1S");
        assertThat(verifier.maxSkew()).isEqualTo(SKEW);
    }
}
