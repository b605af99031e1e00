package io.agentix.incident.notifier.channel;

/**
 * One endpoint that delivers: the SMTP server, or one configured page route (generic signed webhook,
 * Slack incoming webhook, PagerDuty Events API v2, the dev capture). Implementations are thread-safe,
 * bound every network wait by a timeout, render nothing but their own envelope around the
 * notification's subject and body, and pass {@link Delivery#deliveryId()} on as the provider's dedup key
 * where the provider has one (email {@code Message-ID}, PagerDuty {@code dedup_key} is the incident id
 * and the delivery id goes into the payload).
 */
public interface DeliveryChannel extends AutoCloseable {

    /** The endpoint name receipts, metrics and the circuit breaker use: {@code smtp} or the route name. */
    String endpoint();

    /**
     * Sends one delivery (one attempt, no retries: the caller retries).
     *
     * @throws DeliveryException when the provider did not accept it; {@link DeliveryException#retryable()}
     *                           says whether to try again
     */
    SendResult send(Delivery delivery) throws DeliveryException;

    @Override
    default void close() {
    }
}
