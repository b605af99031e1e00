package io.agentix.incident.ingest.core;

/**
 * Turns one sender's deliveries into normalized records. Pure code: no I/O, no clock reads (the
 * receipt time is on the delivery), so every mapping is unit-tested on saved bodies and the
 * {@code normalize} CLI runs exactly what the service runs.
 */
public interface WebhookNormalizer {

    Source source();

    /**
     * @throws MalformedWebhookException when the body is not JSON or lacks what the sender's format
     *     guarantees; unknown event types are not malformed, they are {@link Normalized#ignored ignored}
     */
    Normalized normalize(WebhookDelivery delivery) throws MalformedWebhookException;
}
