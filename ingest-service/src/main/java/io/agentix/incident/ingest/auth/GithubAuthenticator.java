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

    public static final String SIGNATURE_HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";

    private record Secret(HmacSha256 hmac, String account) {
    }

    private final List<Secret> secrets;

    /** @param secrets webhook secret -> account */
    public GithubAuthenticator(Map<String, String> secrets) {
        Objects.requireNonNull(secrets, "secrets");
        List<Secret> built = new ArrayList<>(secrets.size());
        secrets.forEach((secret, account) -> built.add(new Secret(new HmacSha256(secret),
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
        if (signature == null) {
            throw new UnauthorizedDeliveryException("missing " + SIGNATURE_HEADER + " header");
        }
        if (!signature.startsWith(PREFIX)) {
            throw new UnauthorizedDeliveryException(SIGNATURE_HEADER + " does not start with " + PREFIX);
        }
        String hex = signature.substring(PREFIX.length());
        for (Secret secret : secrets) {
            if (secret.hmac().verifyHex(credentials.body(), hex)) {
                return new Authenticated(secret.account(), Authenticated.HMAC_SHA256);
            }
        }
        throw new UnauthorizedDeliveryException(SIGNATURE_HEADER + " does not match the body");
    }
}
