package io.agentix.incident.ingest.auth;

/** A delivery whose sender could not be proven; the message is the reason given in the 401. */
public final class UnauthorizedDeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnauthorizedDeliveryException(String reason) {
        super(reason);
    }
}
