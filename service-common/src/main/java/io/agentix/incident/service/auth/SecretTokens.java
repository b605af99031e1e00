package io.agentix.incident.service.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Configured secret tokens, each standing for an owner (a source account, a person), and the
 * lookup of an offered token among them.
 *
 * <p>The lookup takes the same time whichever token matches and however much of it: the offered
 * token is hashed (SHA-256) and compared with the hash of every configured token, all of them, with
 * {@link MessageDigest#isEqual}. Equal-length digests also hide the tokens' lengths. Callers check
 * their configuration (blank tokens, missing owners) with their own messages before building this.
 */
public final class SecretTokens {

    private static final String BEARER_PREFIX = "bearer ";

    private record Entry(byte[] digest, String owner) {
    }

    private final List<Entry> entries;

    /** @param ownerByToken token -> owner */
    public SecretTokens(Map<String, String> ownerByToken) {
        Objects.requireNonNull(ownerByToken, "ownerByToken");
        List<Entry> digests = new ArrayList<>(ownerByToken.size());
        ownerByToken.forEach((token, owner) -> digests.add(new Entry(sha256(token), owner)));
        this.entries = List.copyOf(digests);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The owner of {@code offered}, or empty when no configured token is equal to it. */
    public Optional<String> ownerOf(String offered) {
        byte[] digest = sha256(offered);
        String owner = null;
        for (Entry entry : entries) {
            // No early exit: every configured token is compared, so the time says nothing about which matched.
            if (MessageDigest.isEqual(entry.digest(), digest)) {
                owner = entry.owner();
            }
        }
        return Optional.ofNullable(owner);
    }

    /**
     * The token of an {@code Authorization: Bearer <token>} header value (scheme case-insensitive),
     * or empty when the value is not a Bearer token.
     */
    public static Optional<String> bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER_PREFIX.length()
                || !authorization.substring(0, BEARER_PREFIX.length()).toLowerCase(Locale.ROOT).equals(BEARER_PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(BEARER_PREFIX.length()).trim());
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
