package io.agentix.incident.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.agentix.incident.ingest.core.Source;
import io.agentix.incident.ingest.core.WebhookDelivery;

class GithubSignatureVerifierTest {

    // The example in GitHub's "Validating webhook deliveries" documentation.
    private static final String SECRET = "It's a Secret to Everybody";
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private final GithubSignatureVerifier verifier = new GithubSignatureVerifier(new HmacSha256(SECRET));

    @Test
    void acceptsGitHubsDocumentedExample() {
        GithubSignatureVerifier.Result result = verifier.verify(BODY, SIGNATURE);

        assertThat(result.verified()).isTrue();
        assertThat(result.reason()).isNull();
    }

    @Test
    void readsTheHeaderOfADeliveryCaseInsensitively() {
        WebhookDelivery delivery = new WebhookDelivery("raw-1", Source.GITHUB, null,
                Map.of("x-hub-signature-256", SIGNATURE), BODY, Instant.EPOCH);

        assertThat(verifier.verify(delivery).verified()).isTrue();
    }

    @Test
    void rejectsAWrongSignature() {
        GithubSignatureVerifier.Result result = verifier.verify(BODY, SIGNATURE.replace("7571", "7572"));

        assertThat(result.verified()).isFalse();
        assertThat(result.reason()).isEqualTo("X-Hub-Signature-256 does not match the body signed with the webhook secret");
    }

    @Test
    void rejectsAnotherSecret() {
        assertThat(new GithubSignatureVerifier(new HmacSha256("other")).verify(BODY, SIGNATURE).verified()).isFalse();
    }

    @Test
    void rejectsAReserializedBody() {
        HmacSha256 hmac = new HmacSha256(SECRET);
        byte[] sent = "{\"title\": \"K\\u00f6ln\"}".getBytes(StandardCharsets.UTF_8);
        byte[] reserialized = "{\"title\":\"Köln\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(verifier.verify(sent, "sha256=" + hmac.signHex(sent)).verified()).isTrue();
        assertThat(verifier.verify(reserialized, "sha256=" + hmac.signHex(sent)).verified()).isFalse();
    }

    @Test
    void rejectsAMissingHeader() {
        assertThat(verifier.verify(BODY, null).reason()).isEqualTo("missing X-Hub-Signature-256 header");
        assertThat(verifier.verify(BODY, " ").reason()).isEqualTo("missing X-Hub-Signature-256 header");
        WebhookDelivery unsigned = new WebhookDelivery("raw-1", Source.GITHUB, null, Map.of(), BODY, Instant.EPOCH);
        assertThat(verifier.verify(unsigned).verified()).isFalse();
    }

    @Test
    void rejectsTheSha1Prefix() {
        GithubSignatureVerifier.Result result = verifier.verify(BODY, "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59");

        assertThat(result.verified()).isFalse();
        assertThat(result.reason()).isEqualTo("X-Hub-Signature-256 must start with 'sha256=', got prefix 'sha1='");
    }

    @Test
    void rejectsABareHexSignature() {
        GithubSignatureVerifier.Result result = verifier.verify(BODY, SIGNATURE.substring("sha256=".length()));

        assertThat(result.reason()).isEqualTo("X-Hub-Signature-256 must start with 'sha256=', got prefix none");
    }

    @Test
    void rejectsAPrefixWithoutHex() {
        assertThat(verifier.verify(BODY, "sha256=").verified()).isFalse();
        assertThat(verifier.verify(BODY, "sha256=zz").verified()).isFalse();
    }
}
