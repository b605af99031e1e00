package io.agentix.incident.ingest.auth;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import io.agentix.incident.ingest.core.Timestamps;

/**
 * Checks a Sentry integration-platform delivery: {@code Sentry-Hook-Signature} is the lower-case hex
 * HMAC-SHA256 of the raw body keyed with the integration's client secret, and
 * {@code Sentry-Hook-Timestamp} (Unix seconds as a string) must lie within the allowed skew of our
 * clock.
 *
 * <p>The signature covers the exact bytes Sentry sent: compact JSON with every non-ASCII character
 * escaped ({@code "K\u00f6ln"}). A body that was parsed and written again, pretty or with raw UTF-8,
 * does not verify, so callers must pass the bytes they read from the request.
 *
 * <p>Sentry does not sign the timestamp, so the skew bound only limits how long a captured body stays
 * replayable with a fresh-looking header; it is no proof of freshness on its own.
 *
 * <p>Several secrets may be configured while a client secret is rotated: a signature by any of them
 * is accepted. Pure: the caller passes the current time.
 */
public final class SentrySignatureVerifier {

    public static final String SIGNATURE_HEADER = "Sentry-Hook-Signature";
    public static final String TIMESTAMP_HEADER = "Sentry-Hook-Timestamp";

    /** Why a delivery was or was not accepted. */
    public enum Outcome {
        OK, MISSING_SIGNATURE, BAD_SIGNATURE, MISSING_TIMESTAMP, INVALID_TIMESTAMP, TIMESTAMP_OUTSIDE_SKEW
    }

    /**
     * The verdict and a reason fit for a 401 body or the {@code normalize} CLI's stderr.
     *
     * @param outcome {@link Outcome#OK} when the delivery is authentic
     * @param reason what was wrong, or {@code "ok"}
     */
    public record Result(Outcome outcome, String reason) {

        public Result {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(reason, "reason");
        }

        static Result ok() {
            return new Result(Outcome.OK, "ok");
        }

        public boolean isOk() {
            return outcome == Outcome.OK;
        }
    }

    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");

    private final List<HmacSha256> secrets;
    private final Duration maxSkew;

    /**
     * @param clientSecrets the integration's client secret(s); at least one, none empty
     * @param maxSkew how far {@code Sentry-Hook-Timestamp} may lie before or after our clock
     */
    public SentrySignatureVerifier(List<String> clientSecrets, Duration maxSkew) {
        Objects.requireNonNull(clientSecrets, "clientSecrets");
        Objects.requireNonNull(maxSkew, "maxSkew");
        if (clientSecrets.isEmpty()) {
            throw new IllegalArgumentException("at least one Sentry client secret is required");
        }
        if (maxSkew.isNegative()) {
            throw new IllegalArgumentException("maxSkew must not be negative, got " + maxSkew);
        }
        this.secrets = clientSecrets.stream().map(HmacSha256::new).toList();
        this.maxSkew = maxSkew;
    }

    public SentrySignatureVerifier(String clientSecret, Duration maxSkew) {
        this(List.of(Objects.requireNonNull(clientSecret, "clientSecret")), maxSkew);
    }

    public Duration maxSkew() {
        return maxSkew;
    }

    /** Signature over the raw {@code body}, then the timestamp against {@code now}. */
    public Result verify(byte[] body, String signatureHeader, String timestampHeader, Instant now) {
        Objects.requireNonNull(now, "now");
        Result signature = verifySignature(body, signatureHeader);
        if (!signature.isOk()) {
            return signature;
        }
        return checkTimestamp(timestampHeader, now);
    }

    /**
     * The signature only, for the offline {@code normalize} check of a saved body: its timestamp is
     * necessarily old.
     */
    public Result verifySignature(byte[] body, String signatureHeader) {
        Objects.requireNonNull(body, "body");
        if (signatureHeader == null || signatureHeader.isBlank()) {
            return new Result(Outcome.MISSING_SIGNATURE, "missing " + SIGNATURE_HEADER + " header");
        }
        boolean matched = false;
        // Every secret is tried (no early exit), so timing does not tell which one matched.
        for (HmacSha256 secret : secrets) {
            matched |= secret.verifyHex(body, signatureHeader);
        }
        if (!matched) {
            return new Result(Outcome.BAD_SIGNATURE, SIGNATURE_HEADER
                    + " does not match the HMAC-SHA256 of the raw body (" + body.length
                    + " bytes) with the configured client secret");
        }
        return Result.ok();
    }

    private Result checkTimestamp(String timestampHeader, Instant now) {
        if (timestampHeader == null || timestampHeader.isBlank()) {
            return new Result(Outcome.MISSING_TIMESTAMP, "missing " + TIMESTAMP_HEADER + " header");
        }
        Instant sent;
        try {
            sent = epochSeconds(timestampHeader.trim());
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            return new Result(Outcome.INVALID_TIMESTAMP, TIMESTAMP_HEADER + " '" + timestampHeader
                    + "' is not Unix seconds");
        }
        Duration offset = Duration.between(now, sent);
        if (offset.abs().compareTo(maxSkew) > 0) {
            String direction = offset.isNegative() ? "behind" : "ahead of";
            return new Result(Outcome.TIMESTAMP_OUTSIDE_SKEW, TIMESTAMP_HEADER + " " + sent + " is "
                    + offset.abs().getSeconds() + " s " + direction + " the server clock (" + now
                    + "), beyond the allowed skew of " + maxSkew.getSeconds() + " s");
        }
        return Result.ok();
    }

    private static Instant epochSeconds(String text) {
        // Sentry writes str(int(time())). A fraction is tolerated; exponents are not, since expanding
        // "1e999999999" to an integer would let any caller burn our CPU before the skew check.
        if (!EPOCH_SECONDS.matcher(text).matches()) {
            throw new NumberFormatException(text);
        }
        return Timestamps.fromEpochSeconds(new BigDecimal(text));
    }
}
