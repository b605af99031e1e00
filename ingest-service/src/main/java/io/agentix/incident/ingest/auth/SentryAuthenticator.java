package io.agentix.incident.ingest.auth;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Authenticates Sentry integration-platform deliveries: {@code Sentry-Hook-Signature} is the hex
 * HMAC-SHA256 of the raw body keyed with the integration's client secret (several secrets are
 * accepted while one is rotated), and {@code Sentry-Hook-Timestamp} (Unix seconds, not covered by
 * the signature) must lie within the allowed skew of the server clock, which bounds replays.
 *
 * <p>The account is the configured one of the body's {@code installation.uuid}, else
 * {@value #DEFAULT_ACCOUNT}: only that field is read, and only after the signature holds.
 */
public final class SentryAuthenticator implements DeliveryAuthenticator {

    public static final String SIGNATURE_HEADER = SentrySignatureVerifier.SIGNATURE_HEADER;
    public static final String TIMESTAMP_HEADER = SentrySignatureVerifier.TIMESTAMP_HEADER;
    public static final String DEFAULT_ACCOUNT = "default";

    private final SentrySignatureVerifier verifier;
    private final Map<String, String> installations;
    private final Clock clock;
    private final JsonFactory json;

    public SentryAuthenticator(List<String> clientSecrets, Duration maxClockSkew, Map<String, String> installations,
                               Clock clock, JsonFactory json) {
        Objects.requireNonNull(clientSecrets, "clientSecrets");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxClockSkew.isNegative() || maxClockSkew.isZero()) {
            throw new IllegalArgumentException("maxClockSkew must be positive, was " + maxClockSkew);
        }
        // No secret configured: the endpoint exists but answers 401 to every delivery.
        this.verifier = clientSecrets.isEmpty() ? null : new SentrySignatureVerifier(clientSecrets, maxClockSkew);
        this.installations = Map.copyOf(Objects.requireNonNull(installations, "installations"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public boolean coversBody() {
        return true;
    }

    @Override
    public Authenticated authenticate(DeliveryCredentials credentials) throws UnauthorizedDeliveryException {
        Objects.requireNonNull(credentials.body(), "body");
        if (verifier == null) {
            throw new UnauthorizedDeliveryException("no Sentry client secret is configured");
        }
        SentrySignatureVerifier.Result result = verifier.verify(credentials.body(),
                credentials.header(SIGNATURE_HEADER), credentials.header(TIMESTAMP_HEADER), clock.instant());
        if (!result.isOk()) {
            throw new UnauthorizedDeliveryException(result.reason());
        }
        return new Authenticated(accountOf(credentials.body()), Authenticated.HMAC_SHA256);
    }

    /** The configured account of the body's installation, else {@value #DEFAULT_ACCOUNT}. */
    private String accountOf(byte[] body) {
        if (installations.isEmpty()) {
            return DEFAULT_ACCOUNT; // nothing to look up: spare the scan of a possibly large body
        }
        String installation = installationUuid(body);
        String account = installation == null ? null : installations.get(installation);
        return account == null ? DEFAULT_ACCOUNT : account;
    }

    /** The top-level {@code installation.uuid}, or null when absent or the body is not a JSON object. */
    private String installationUuid(byte[] body) {
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("installation".equals(field) && value == JsonToken.START_OBJECT) {
                    return uuidOf(parser);
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            // Not JSON: the normalizer rejects it with a 400 naming the problem.
            return null;
        }
    }

    private static String uuidOf(JsonParser installation) throws IOException {
        while (installation.nextToken() == JsonToken.FIELD_NAME) {
            String field = installation.currentName();
            JsonToken value = installation.nextToken();
            if ("uuid".equals(field) && value == JsonToken.VALUE_STRING) {
                return installation.getText();
            }
            installation.skipChildren();
        }
        return null;
    }
}
