package io.agentix.incident.ingest.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.agentix.incident.service.auth.SecretTokens;

/**
 * Authenticates with a secret token, from the URL path when the endpoint has one, else from
 * {@code Authorization: Bearer <token>}; each configured token stands for one source account,
 * compared in constant time ({@link SecretTokens}).
 */
public final class TokenAuthenticator implements DeliveryAuthenticator {

    private final String source;
    private final SecretTokens tokens;

    /**
     * @param source the source's id, for the 401 messages
     * @param tokens token -> account
     */
    public TokenAuthenticator(String source, Map<String, String> tokens) {
        this.source = Objects.requireNonNull(source, "source");
        Objects.requireNonNull(tokens, "tokens");
        Map<String, String> accounts = new LinkedHashMap<>();
        tokens.forEach((token, account) -> {
            if (token == null || token.isEmpty()) {
                throw new IllegalArgumentException(source + ": a token must not be empty");
            }
            accounts.put(token, Objects.requireNonNull(account, source + ": account of a token"));
        });
        this.tokens = new SecretTokens(accounts);
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
        if (tokens.isEmpty()) {
            throw new UnauthorizedDeliveryException("no " + source + " tokens are configured");
        }
        String kind = Authenticated.URL_TOKEN.equals(verifiedBy) ? " URL token" : " bearer token";
        String account = tokens.ownerOf(token)
                .orElseThrow(() -> new UnauthorizedDeliveryException("unknown " + source + kind));
        return new Authenticated(account, verifiedBy);
    }

    private String bearerToken(String authorization) throws UnauthorizedDeliveryException {
        if (authorization == null) {
            throw new UnauthorizedDeliveryException("missing Authorization: Bearer token for " + source);
        }
        return SecretTokens.bearerToken(authorization)
                .orElseThrow(() -> new UnauthorizedDeliveryException("Authorization header is not a Bearer token"));
    }
}
