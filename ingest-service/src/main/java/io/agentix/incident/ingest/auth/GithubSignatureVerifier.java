package io.agentix.incident.ingest.auth;

import java.util.Objects;

import io.agentix.incident.ingest.core.WebhookDelivery;

/**
 * Checks GitHub's {@code X-Hub-Signature-256: sha256=<hex>} header: the HMAC-SHA256 of the raw
 * request body with the webhook secret. Pure: it is given the header value and the bytes.
 *
 * <p>The older {@code X-Hub-Signature} header ({@code sha1=...}) is not accepted: SHA-1 is what
 * GitHub keeps only for legacy receivers, and it sends the SHA-256 header on every delivery that
 * has a secret.
 */
public final class GithubSignatureVerifier {

    public static final String HEADER = "X-Hub-Signature-256";

    private static final String PREFIX = "sha256=";

    private final HmacSha256 hmac;

    public GithubSignatureVerifier(HmacSha256 hmac) {
        this.hmac = Objects.requireNonNull(hmac, "hmac");
    }

    /** Checks a delivery's raw body against its {@code X-Hub-Signature-256} header. */
    public Result verify(WebhookDelivery delivery) {
        return verify(delivery.body(), delivery.header(HEADER));
    }

    /**
     * @param body the raw request body, exactly as received
     * @param headerValue the {@code X-Hub-Signature-256} value, or null when the header is absent
     */
    public Result verify(byte[] body, String headerValue) {
        Objects.requireNonNull(body, "body");
        if (headerValue == null || headerValue.isBlank()) {
            return Result.rejected("missing " + HEADER + " header");
        }
        String value = headerValue.trim();
        if (!value.startsWith(PREFIX)) {
            int equals = value.indexOf('=');
            String prefix = equals < 0 ? "none" : "'" + value.substring(0, equals + 1) + "'";
            return Result.rejected(HEADER + " must start with 'sha256=', got prefix " + prefix);
        }
        if (!hmac.verifyHex(body, value.substring(PREFIX.length()))) {
            return Result.rejected(HEADER + " does not match the body signed with the webhook secret");
        }
        return Result.VERIFIED;
    }

    /**
     * The outcome of one check.
     *
     * @param verified true when the signature is the body's HMAC
     * @param reason why not (safe to log and to answer with: it holds no secret), or null when verified
     */
    public record Result(boolean verified, String reason) {

        static final Result VERIFIED = new Result(true, null);

        public Result {
            if (!verified) {
                Objects.requireNonNull(reason, "a rejection needs a reason");
            }
        }

        static Result rejected(String reason) {
            return new Result(false, reason);
        }
    }
}
