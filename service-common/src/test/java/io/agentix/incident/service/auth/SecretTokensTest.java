package io.agentix.incident.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretTokensTest {

    @Test
    void findsTheOwnerOfAConfiguredTokenAndNothingForAnyOther() {
        SecretTokens tokens = new SecretTokens(Map.of("s3cret", "acme", "other", "globex"));

        assertThat(tokens.isEmpty()).isFalse();
        assertThat(tokens.ownerOf("s3cret")).hasValue("acme");
        assertThat(tokens.ownerOf("other")).hasValue("globex");
        assertThat(tokens.ownerOf("s3cre")).isEmpty();
        assertThat(tokens.ownerOf("")).isEmpty();
        assertThat(new SecretTokens(Map.of()).isEmpty()).isTrue();
    }

    @Test
    void readsBearerTokensWhateverTheSchemeCase() {
        assertThat(SecretTokens.bearerToken("Bearer abc")).hasValue("abc");
        assertThat(SecretTokens.bearerToken("bEaReR  abc ")).hasValue("abc");
        assertThat(SecretTokens.bearerToken("Basic YTpi")).isEmpty();
        assertThat(SecretTokens.bearerToken("Bearer ")).isEmpty();
        assertThat(SecretTokens.bearerToken(null)).isEmpty();
    }
}
