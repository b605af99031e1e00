package io.agentix.incident.escalation.resources;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.agentix.incident.service.auth.SecretTokens;

/**
 * The operator API's bearer tokens, each standing for a person: {@code Authorization: Bearer <token>}
 * names who is calling. Compared in constant time ({@link SecretTokens}).
 */
public final class OperatorTokens {

    private final SecretTokens tokens;

    /** @param tokensByPerson person (or name) -> token, as in {@code operatorApi.tokens} */
    public OperatorTokens(Map<String, String> tokensByPerson) {
        Objects.requireNonNull(tokensByPerson, "tokensByPerson");
        Map<String, String> people = new LinkedHashMap<>();
        tokensByPerson.forEach((person, token) -> {
            if (person == null || person.isBlank()) {
                throw new IllegalArgumentException("operator API: a token without a person");
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("operator API: the token of " + person + " is blank");
            }
            people.put(token, person);
        });
        this.tokens = new SecretTokens(people);
    }

    /**
     * The person of the bearer token in {@code authorization} (the header's value).
     *
     * @throws UnauthorizedOperatorException naming what is missing or wrong
     */
    public String authenticate(String authorization) throws UnauthorizedOperatorException {
        if (tokens.isEmpty()) {
            throw new UnauthorizedOperatorException("no operator API tokens are configured (operatorApi.tokens)");
        }
        if (authorization == null || authorization.isBlank()) {
            throw new UnauthorizedOperatorException("missing Authorization: Bearer <token> header");
        }
        String offered = SecretTokens.bearerToken(authorization)
                .orElseThrow(() -> new UnauthorizedOperatorException("Authorization header is not a Bearer token"));
        return tokens.ownerOf(offered).orElseThrow(() -> new UnauthorizedOperatorException("unknown operator API token"));
    }

    /** The caller is not proven: answered 401, the message naming the problem. */
    public static final class UnauthorizedOperatorException extends Exception {

        public UnauthorizedOperatorException(String message) {
            super(message);
        }
    }
}
