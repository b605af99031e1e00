package io.agentix.incident.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with one secret, as Sentry ({@code Sentry-Hook-Signature}), GitHub
 * ({@code X-Hub-Signature-256}) and our own page webhooks use it: always over the raw body bytes,
 * compared in constant time. Thread-safe; each thread keeps its own initialised {@link Mac}, so the
 * hot path allocates nothing but the digest.
 */
public final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public HmacSha256(String secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.isEmpty()) {
            throw new IllegalArgumentException("an HMAC secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The HMAC of {@code body}. */
    public byte[] sign(byte[] body) {
        Mac mac = macs.get();
        return mac.doFinal(body); // doFinal resets the Mac for the next call
    }

    /** Lower-case hex HMAC of {@code body}. */
    public String signHex(byte[] body) {
        return HexFormat.of().formatHex(sign(body));
    }

    /**
     * True when {@code hexSignature} (either case) is the HMAC of {@code body}. Malformed or
     * missing signatures are simply false; the comparison does not leak where they differ.
     */
    public boolean verifyHex(byte[] body, String hexSignature) {
        if (hexSignature == null) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hexSignature.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sign(body), given);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is available on every JVM", e);
        }
    }
}
