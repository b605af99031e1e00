package io.agentix.incident.escalation.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.agentix.incident.escalation.resources.OperatorTokens.UnauthorizedOperatorException;

class OperatorTokensTest {

    private final OperatorTokens tokens = new OperatorTokens(Map.of("alice", "a-token", "operator", "o-token"));

    @Test
    void aKnownBearerTokenNamesItsPerson() throws Exception {
        assertThat(tokens.authenticate("Bearer a-token")).isEqualTo("alice");
        assertThat(tokens.authenticate("bearer o-token ")).isEqualTo("operator");
    }

    @Test
    void refusalsNameTheProblem() {
        assertThatThrownBy(() -> tokens.authenticate(null)).isInstanceOf(UnauthorizedOperatorException.class)
                .hasMessage("missing Authorization: Bearer <token> header");
        assertThatThrownBy(() -> tokens.authenticate("Basic YWxpY2U6eA==")).hasMessage("Authorization header is not a Bearer token");
        assertThatThrownBy(() -> tokens.authenticate("Bearer a-toke")).hasMessage("unknown operator API token");
        assertThatThrownBy(() -> new OperatorTokens(Map.of()).authenticate("Bearer a-token"))
                .hasMessageContaining("no operator API tokens are configured");
        assertThatThrownBy(() -> new OperatorTokens(Map.of("bob", " "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the token of bob is blank");
    }
}
