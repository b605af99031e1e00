package io.agentix.incident.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.agentix.incident.ingest.core.JsonPayload;

class SentryAuthenticatorTest {

    private static final Instant NOW = Instant.parse("2025-09-10T08:14:24Z");
    private static final String BODY = """
            {"action": "created", "data": {"issue": {"id": "4711", "tags": [{"installation": "not this one"}]}},
             "installation": {"status": "installed", "uuid": "7a485448-a9e2-4c85-8a3c-4f44175783c9"},
             "actor": {"type": "application", "id": "sentry", "name": "Sentry"}}""";

    private final SentryAuthenticator sentry = new SentryAuthenticator(List.of("old-secret", "new-secret"),
            Duration.ofMinutes(5), Map.of("7a485448-a9e2-4c85-8a3c-4f44175783c9", "acme"),
            Clock.fixed(NOW, ZoneOffset.UTC), JsonPayload.mapper().getFactory());

    @Test
    void signedFreshDeliveryBelongsToTheAccountOfItsInstallation() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(sentry.authenticate(credentials(body, sign("new-secret", body), "1757492064")))
                .isEqualTo(new Authenticated("acme", "hmac-sha256"));
    }

    @Test
    void anyConfiguredSecretSignsSoASecretCanBeRotated() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        assertThat(sentry.authenticate(credentials(body, sign("old-secret", body), "1757492064")).account())
                .isEqualTo("acme");
    }

    @Test
    void unmappedOrMissingInstallationIsTheDefaultAccount() throws Exception {
        byte[] other = "{\"installation\": {\"uuid\": \"other\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] none = "{\"data\": {}}".getBytes(StandardCharsets.UTF_8);
        byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);

        assertThat(sentry.authenticate(credentials(other, sign("new-secret", other), "1757492064")).account())
                .isEqualTo("default");
        assertThat(sentry.authenticate(credentials(none, sign("new-secret", none), "1757492064")).account())
                .isEqualTo("default");
        assertThat(sentry.authenticate(credentials(notJson, sign("new-secret", notJson), "1757492064")).account())
                .isEqualTo("default");
    }

    @Test
    void signatureOfTheReserializedBodyDoesNotVerifyTheRawBytes() throws Exception {
        byte[] raw = BODY.getBytes(StandardCharsets.UTF_8);
        byte[] reserialized = JsonPayload.mapper().writeValueAsBytes(JsonPayload.mapper().readTree(raw));

        assertThatThrownBy(() -> sentry.authenticate(credentials(raw, sign("new-secret", reserialized), "1757492064")))
                .isInstanceOf(UnauthorizedDeliveryException.class)
                .hasMessageStartingWith("Sentry-Hook-Signature does not match the HMAC-SHA256 of the raw body");
    }

    @Test
    void timestampOutsideTheSkewIsRefusedEitherWay() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String signature = sign("new-secret", body);

        assertThatThrownBy(() -> sentry.authenticate(credentials(body, signature, "1757491763")))
                .hasMessageContaining("is 301 s behind the server clock").hasMessageEndingWith("beyond the allowed skew of 300 s");
        assertThatThrownBy(() -> sentry.authenticate(credentials(body, signature, "1757492365")))
                .hasMessageContaining("is 301 s ahead of the server clock");
    }

    @Test
    void timestampAtTheSkewBoundOrWithAFractionIsAccepted() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String signature = sign("new-secret", body);

        assertThat(sentry.authenticate(credentials(body, signature, "1757491764")).account()).isEqualTo("acme");
        assertThat(sentry.authenticate(credentials(body, signature, "1757492064.25")).account()).isEqualTo("acme");
    }

    @Test
    void missingOrMalformedHeadersAreRefusedByName() {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> sentry.authenticate(credentials(body, null, "1757492064")))
                .hasMessage("missing Sentry-Hook-Signature header");
        assertThatThrownBy(() -> sentry.authenticate(credentials(body, sign("new-secret", body), null)))
                .hasMessage("missing Sentry-Hook-Timestamp header");
        assertThatThrownBy(() -> sentry.authenticate(credentials(body, sign("new-secret", body), "yesterday")))
                .hasMessage("Sentry-Hook-Timestamp 'yesterday' is not Unix seconds");
        assertThatThrownBy(() -> sentry.authenticate(credentials(body, "zz-not-hex", "1757492064")))
                .hasMessageStartingWith("Sentry-Hook-Signature does not match the HMAC-SHA256 of the raw body");
    }

    private static String sign(String secret, byte[] body) {
        return new HmacSha256(secret).signHex(body);
    }

    private static DeliveryCredentials credentials(byte[] body, String signature, String timestamp) {
        return new DeliveryCredentials(null, name -> switch (name) {
            case "Sentry-Hook-Signature" -> signature;
            case "Sentry-Hook-Timestamp" -> timestamp;
            default -> null;
        }, body);
    }
}
