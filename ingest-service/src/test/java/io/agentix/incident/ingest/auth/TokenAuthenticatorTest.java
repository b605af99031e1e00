package io.agentix.incident.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {

    private final TokenAuthenticator tokens = new TokenAuthenticator("betterstack",
            Map.of("token-of-acme", "acme", "token-of-globex", "globex"));

    @Test
    void urlTokenNamesItsAccount() throws Exception {
        assertThat(tokens.authenticate(credentials("token-of-globex", null)))
                .isEqualTo(new Authenticated("globex", "url-token"));
    }

    @Test
    void bearerTokenIsTakenWhenTheEndpointHasNoUrlToken() throws Exception {
        assertThat(tokens.authenticate(credentials(null, "Bearer token-of-acme")))
                .isEqualTo(new Authenticated("acme", "bearer"));
        assertThat(tokens.authenticate(credentials(null, "bearer token-of-acme")).account()).isEqualTo("acme");
    }

    @Test
    void unknownOrPrefixedTokensAreRefusedWithoutNamingAnyToken() {
        assertThatThrownBy(() -> tokens.authenticate(credentials("token-of-acm", null)))
                .isInstanceOf(UnauthorizedDeliveryException.class)
                .hasMessage("unknown betterstack URL token");
        assertThatThrownBy(() -> tokens.authenticate(credentials("token-of-acme-and-more", null)))
                .hasMessage("unknown betterstack URL token");
        assertThatThrownBy(() -> tokens.authenticate(credentials(null, "Bearer nope")))
                .hasMessage("unknown betterstack bearer token");
    }

    @Test
    void missingOrNonBearerAuthorizationIsRefused() {
        assertThatThrownBy(() -> tokens.authenticate(credentials(null, null)))
                .hasMessage("missing Authorization: Bearer token for betterstack");
        assertThatThrownBy(() -> tokens.authenticate(credentials(null, "Basic dXNlcjpwYXNz")))
                .hasMessage("Authorization header is not a Bearer token");
    }

    @Test
    void sourceWithoutTokensRefusesEverything() {
        TokenAuthenticator none = new TokenAuthenticator("railway", Map.of());

        assertThatThrownBy(() -> none.authenticate(credentials("anything", null)))
                .hasMessage("no railway tokens are configured");
    }

    private static DeliveryCredentials credentials(String urlToken, String authorization) {
        return new DeliveryCredentials(urlToken, name -> "Authorization".equalsIgnoreCase(name) ? authorization : null, null);
    }
}
