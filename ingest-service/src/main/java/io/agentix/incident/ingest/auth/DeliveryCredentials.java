package io.agentix.incident.ingest.auth;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a request offers as proof of its sender.
 *
 * @param urlToken the secret token from the URL path, or null on endpoints without one
 * @param headers the request's headers by case-insensitive name (null when absent), including the
 *     ones never stored (Authorization, signatures)
 * @param body the raw body, or null when the authenticator does not {@link DeliveryAuthenticator#coversBody cover it}
 */
public record DeliveryCredentials(String urlToken, UnaryOperator<String> headers, byte[] body) {

    public DeliveryCredentials {
        Objects.requireNonNull(headers, "headers");
    }

    public String header(String name) {
        return headers.apply(name);
    }
}
