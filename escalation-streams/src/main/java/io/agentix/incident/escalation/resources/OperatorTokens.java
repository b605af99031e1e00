package io.agentix.incident.escalation.resources;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The operator API's bearer tokens, each standing for a person: {@code Authorization: Bearer <token>}
 * names who is calling.
 *
 * <p>The comparison takes the same time whichever token matches and however much of it: the
 * offered token is hashed (SHA-256) and compared with the hash of every configured token, all of
 * them, with {@link MessageDigest#isEqual}; equal-length digests also hide the tokens' lengths.
 */
public final class OperatorTokens {

    private static final String BEARER_PREFIX = "bearer ";

    private record Entry(byte[] digest, String person) {
    }

    private final List<Entry> entries;

    /** @param tokensByPerson person (or name) -> token, as in {@code operatorApi.tokens} */
    public OperatorTokens(Map<String, String> tokensByPerson) {
        Objects.requireNonNull(tokensByPerson, "tokensByPerson");
        List<Entry> digests = new ArrayList<>(tokensByPerson.size());
        tokensByPerson.forEach((person, token) -> {
            if (person == null || person.isBlank()) {
                throw new IllegalArgumentException("operator API: a token without a person");
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("operator API: the token of " + person + " is blank");
            }
            digests.add(new Entry(sha256(token), person));
        });
        this.entries = List.copyOf(digests);
    }

    /**
     * The person of the bearer token in {@code authorization} (the header's value).
     *
     * @throws UnauthorizedOperatorException naming what is missing or wrong
     */
    public String authenticate(String authorization) throws UnauthorizedOperatorException {
        if (entries.isEmpty()) {
            throw new UnauthorizedOperatorException("no operator API tokens are configured (operatorApi.tokens)");
        }
        if (authorization == null || authorization.isBlank()) {
            throw new UnauthorizedOperatorException("missing Authorization: Bearer <token> header");
        }
        if (authorization.length() <= BEARER_PREFIX.length()
                || !authorization.substring(0, BEARER_PREFIX.length()).toLowerCase(Locale.ROOT).equals(BEARER_PREFIX)) {
            throw new UnauthorizedOperatorException("Authorization header is not a Bearer token");
        }
        byte[] offered = sha256(authorization.substring(BEARER_PREFIX.length()).trim());
        String person = null;
        for (Entry entry : entries) {
            // No early exit: every configured token is compared, so the time says nothing about which matched.
            if (MessageDigest.isEqual(entry.digest(), offered)) {
                person = entry.person();
            }
        }
        if (person == null) {
            throw new UnauthorizedOperatorException("unknown operator API token");
        }
        return person;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The caller is not proven: answered 401, the message naming the problem. */
    public static final class UnauthorizedOperatorException extends Exception {

        public UnauthorizedOperatorException(String message) {
            super(message);
        }
    }
}
