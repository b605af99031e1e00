package io.agentix.incident.escalation.kafka;

/**
 * The state stores cannot be read right now: Kafka Streams is starting, rebalancing or has
 * stopped, or the partition moved while it was read. Temporary by nature: answered 503 with
 * Retry-After, never 500.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
