package io.agentix.incident.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Authenticates with a secret token, from the URL path when the endpoint has one, else from
 * {@code Authorization: Bearer <token>}; each configured token stands for one source account.
 *
 * <p>The comparison takes the same time whichever token matches and however much of it: the
 * offered token is hashed (SHA-256) and compared with the hash of every configured token, all of
 * them, with {@link MessageDigest#isEqual}. Equal-length digests also hide the tokens' lengths.
 */
public final class TokenAuthenticator implements DeliveryAuthenticator {

    private static final String BEARER_PREFIX = "bearer ";

    private record Entry(byte[] digest, String account) {
    }

    private final String source;
    private final List<Entry> entries;

    /**
     * @param source the source's id, for the 401 messages
     * @param tokens token -> account
     */
    public TokenAuthenticator(String source, Map<String, String> tokens) {
        this.source = Objects.requireNonNull(source, "source");
        Objects.requireNonNull(tokens, "tokens");
        List<Entry> digests = new ArrayList<>(tokens.size());
        tokens.forEach((token, account) -> {
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException(source + ": a token must not be empty");
            }
            digests.add(new Entry(sha256(token), Objects.requireNonNull(account, source + ": account of a token")));
        });
        this.entries = List.copyOf(digests);
    }

    @Override
    public boolean coversBody() {
        return false;
    }

    @Override
    public Authenticated authenticate(DeliveryCredentials credentials) throws UnauthorizedDeliveryException {
        String token = credentials.urlToken();
        String verifiedBy = Authenticated.URL_TOKEN;
        if (token == null) {
            token = bearerToken(credentials.header("Authorization"));
            verifiedBy = Authenticated.BEARER;
        }
        if (entries.isEmpty()) {
            throw new UnauthorizedDeliveryException("no " + source + " tokens are configured");
        }
        byte[] offered = sha256(token);
        String account = null;
        for (Entry entry : entries) {
            // No early exit: every configured token is compared, so the time says nothing about which matched.
            if (MessageDigest.isEqual(entry.digest(), offered)) {
                account = entry.account();
            }
        }
        if (account == null) {
            throw new UnauthorizedDeliveryException(Authenticated.URL_TOKEN.equals(verifiedBy)
                    ? "unknown " + source + " URL token" : "unknown " + source + " bearer token");
        }
        return new Authenticated(account, verifiedBy);
    }

    private String bearerToken(String authorization) throws UnauthorizedDeliveryException {
        if (authorization == null) {
            throw new UnauthorizedDeliveryException("missing Authorization: Bearer token for " + source);
        }
        if (authorization.length() <= BEARER_PREFIX.length()
                || !authorization.substring(0, BEARER_PREFIX.length()).toLowerCase(Locale.ROOT).equals(BEARER_PREFIX)) {
            throw new UnauthorizedDeliveryException("Authorization header is not a Bearer token");
        }
        return authorization.substring(BEARER_PREFIX.length()).trim();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
