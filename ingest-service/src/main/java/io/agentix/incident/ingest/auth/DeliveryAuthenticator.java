package io.agentix.incident.ingest.auth;

/**
 * Proves who sent a delivery and names the source account it belongs to. One per endpoint; an
 * integrator can put any verifier behind it (e.g. a source's own signature verifier).
 *
 * <p>Implementations are thread-safe and fast: they run on the request thread for every delivery.
 * They never log or return the secret they compare against.
 */
public interface DeliveryAuthenticator {

    /**
     * True when the proof covers the body (an HMAC), so the body must be read first. False for
     * tokens, which are checked before the body is read: an unknown caller's body is never read.
     */
    boolean coversBody();

    /**
     * @throws UnauthorizedDeliveryException naming what is wrong (missing header, unknown token, bad
     *     signature, stale timestamp), never the expected secret
     */
    Authenticated authenticate(DeliveryCredentials credentials) throws UnauthorizedDeliveryException;
}
