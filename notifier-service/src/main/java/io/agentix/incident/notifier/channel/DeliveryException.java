package io.agentix.incident.notifier.channel;

/**
 * A delivery the provider did not accept. Retryable failures (connection refused, timeouts, SMTP 4xx,
 * HTTP 429/5xx) are attempted again with backoff; permanent ones (SMTP 5xx for every recipient, HTTP 4xx
 * other than 408/429, an invalid address) end in a FAILED receipt at once.
 */
public final class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public DeliveryException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public DeliveryException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    /** True when trying again later may succeed. */
    public boolean retryable() {
        return retryable;
    }
}
