package io.agentix.incident.ingest.auth;

import java.util.Objects;

/**
 * A sender proven.
 *
 * @param account the source account the credentials stand for
 * @param verifiedBy how: {@value #HMAC_SHA256}, {@value #URL_TOKEN} or {@value #BEARER}
 */
public record Authenticated(String account, String verifiedBy) {

    public static final String HMAC_SHA256 = "hmac-sha256";
    public static final String URL_TOKEN = "url-token";
    public static final String BEARER = "bearer";

    public Authenticated {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(verifiedBy, "verifiedBy");
    }
}
