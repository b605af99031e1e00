package io.agentix.incident.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class GithubAuthenticatorTest {

    private static final byte[] BODY = "{\"ref\": \"refs/heads/main\", \"zen\": \"Keep it logically awesome.\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final GithubAuthenticator github = new GithubAuthenticator(Map.of("acme-secret", "acme",
            "globex-secret", "globex"));

    @Test
    void theSecretThatSignedTheBodyNamesTheAccount() throws Exception {
        assertThat(github.authenticate(credentials("sha256=" + new HmacSha256("globex-secret").signHex(BODY))))
                .isEqualTo(new Authenticated("globex", "hmac-sha256"));
    }

    @Test
    void gitHubsOwnTestVectorVerifies() throws Exception {
        // From GitHub's "Validating webhook deliveries" docs: secret "It's a Secret to Everybody", payload "Hello, World!".
        GithubAuthenticator documented = new GithubAuthenticator(Map.of("It's a Secret to Everybody", "docs"));
        DeliveryCredentials credentials = new DeliveryCredentials(null, name -> "X-Hub-Signature-256".equals(name)
                ? "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" : null,
                "Hello, World!".getBytes(StandardCharsets.UTF_8));

        assertThat(documented.authenticate(credentials).account()).isEqualTo("docs");
    }

    @Test
    void unsignedWronglySignedOrUnprefixedDeliveriesAreRefused() {
        assertThatThrownBy(() -> github.authenticate(credentials(null)))
                .hasMessage("missing X-Hub-Signature-256 header");
        assertThatThrownBy(() -> github.authenticate(credentials("sha256=" + new HmacSha256("other").signHex(BODY))))
                .hasMessage("X-Hub-Signature-256 does not match the body signed with the webhook secret");
        assertThatThrownBy(() -> github.authenticate(credentials(new HmacSha256("acme-secret").signHex(BODY))))
                .hasMessageStartingWith("X-Hub-Signature-256 must start with 'sha256='");
    }

    private static DeliveryCredentials credentials(String signature) {
        return new DeliveryCredentials(null, name -> "X-Hub-Signature-256".equals(name) ? signature : null, BODY);
    }
}
