package io.agentix.incident.ingest.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Authenticates GitHub deliveries: {@code X-Hub-Signature-256} is {@code sha256=} followed by the
 * hex HMAC-SHA256 of the raw body keyed with the webhook secret. Each configured secret stands for
 * one account; the one that verifies the signature names it.
 */
public final class GithubAuthenticator implements DeliveryAuthenticator {

    public static final String SIGNATURE_HEADER = GithubSignatureVerifier.HEADER;

    private record Secret(GithubSignatureVerifier verifier, String account) {
    }

    private final List<Secret> secrets;

    /** @param secrets webhook secret -> account */
    public GithubAuthenticator(Map<String, String> secrets) {
        Objects.requireNonNull(secrets, "secrets");
        List<Secret> built = new ArrayList<>(secrets.size());
        secrets.forEach((secret, account) -> built.add(new Secret(new GithubSignatureVerifier(new HmacSha256(secret)),
                Objects.requireNonNull(account, "account of a GitHub secret"))));
        this.secrets = List.copyOf(built);
    }

    @Override
    public boolean coversBody() {
        return true;
    }

    @Override
    public Authenticated authenticate(DeliveryCredentials credentials) throws UnauthorizedDeliveryException {
        Objects.requireNonNull(credentials.body(), "body");
        if (secrets.isEmpty()) {
            throw new UnauthorizedDeliveryException("no GitHub webhook secret is configured");
        }
        String signature = credentials.header(SIGNATURE_HEADER);
        GithubSignatureVerifier.Result last = null;
        for (Secret secret : secrets) {
            last = secret.verifier().verify(credentials.body(), signature);
            if (last.verified()) {
                return new Authenticated(secret.account(), Authenticated.HMAC_SHA256);
            }
        }
        throw new UnauthorizedDeliveryException(last.reason());
    }
}
