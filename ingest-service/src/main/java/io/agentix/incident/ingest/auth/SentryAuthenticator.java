package io.agentix.incident.ingest.auth;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

    public static final String SIGNATURE_HEADER = "Sentry-Hook-Signature";
    public static final String TIMESTAMP_HEADER = "Sentry-Hook-Timestamp";
    public static final String DEFAULT_ACCOUNT = "default";

    private final List<HmacSha256> secrets;
    private final Duration maxClockSkew;
    private final Map<String, String> installations;
    private final Clock clock;
    private final JsonFactory json;

    public SentryAuthenticator(List<String> clientSecrets, Duration maxClockSkew, Map<String, String> installations,
                               Clock clock, JsonFactory json) {
        this.secrets = Objects.requireNonNull(clientSecrets, "clientSecrets").stream().map(HmacSha256::new).toList();
        this.maxClockSkew = Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        this.installations = Map.copyOf(Objects.requireNonNull(installations, "installations"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.json = Objects.requireNonNull(json, "json");
        if (maxClockSkew.isNegative() || maxClockSkew.isZero()) {
            throw new IllegalArgumentException("maxClockSkew must be positive, was " + maxClockSkew);
        }
    }

    @Override
    public boolean coversBody() {
        return true;
    }

    @Override
    public Authenticated authenticate(DeliveryCredentials credentials) throws UnauthorizedDeliveryException {
        Objects.requireNonNull(credentials.body(), "body");
        if (secrets.isEmpty()) {
            throw new UnauthorizedDeliveryException("no Sentry client secret is configured");
        }
        String signature = credentials.header(SIGNATURE_HEADER);
        if (signature == null) {
            throw new UnauthorizedDeliveryException("missing " + SIGNATURE_HEADER + " header");
        }
        if (!signedByAnySecret(credentials.body(), signature)) {
            throw new UnauthorizedDeliveryException(SIGNATURE_HEADER + " does not match the body");
        }
        checkTimestamp(credentials.header(TIMESTAMP_HEADER));
        String installation = installationUuid(credentials.body());
        String account = installation == null ? null : installations.get(installation);
        return new Authenticated(account == null ? DEFAULT_ACCOUNT : account, Authenticated.HMAC_SHA256);
    }

    private boolean signedByAnySecret(byte[] body, String signature) {
        for (HmacSha256 secret : secrets) {
            if (secret.verifyHex(body, signature)) {
                return true;
            }
        }
        return false;
    }

    private void checkTimestamp(String header) throws UnauthorizedDeliveryException {
        if (header == null) {
            throw new UnauthorizedDeliveryException("missing " + TIMESTAMP_HEADER + " header");
        }
        Instant sent;
        try {
            // Unix seconds; a fraction is tolerated.
            BigDecimal seconds = new BigDecimal(header.trim());
            sent = Instant.ofEpochMilli(seconds.movePointRight(3).longValue());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UnauthorizedDeliveryException(TIMESTAMP_HEADER + " '" + header + "' is not Unix seconds");
        }
        Duration skew = Duration.between(sent, clock.instant()).abs();
        if (skew.compareTo(maxClockSkew) > 0) {
            throw new UnauthorizedDeliveryException(TIMESTAMP_HEADER + " " + header + " is " + skew.toSeconds()
                    + " s away from the server clock; at most " + maxClockSkew.toSeconds() + " s are allowed");
        }
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
