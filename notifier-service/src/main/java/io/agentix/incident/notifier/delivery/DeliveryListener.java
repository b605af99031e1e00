package io.agentix.incident.notifier.delivery;

import java.time.Duration;

import io.agentix.incident.events.Notification;
import io.agentix.incident.notifier.channel.Delivery;

/**
 * What the coordinator reports as deliveries finish, for metrics and health. Called on the coordinator's
 * thread; implementations must be quick and must not call back into the coordinator.
 */
public interface DeliveryListener {

    /** Reports nothing. */
    DeliveryListener NONE = new DeliveryListener() {
    };

    /** {@code delivery} was accepted by its endpoint, {@code latency} after the engine decided it. */
    default void sent(Delivery delivery, Duration latency) {
    }

    /** {@code delivery} ended FAILED (permanent error, or the last attempt failed). */
    default void failed(Delivery delivery, String error) {
    }

    /** {@code notification} (or one endpoint of it, when {@code endpoint} is not null) was REJECTED. */
    default void rejected(Notification notification, String endpoint, String reason) {
    }

    /** A rate-limited page was carried by a digest that was sent. */
    default void digested(Delivery delivery) {
    }

    /**
     * Attempt {@code attempt} of {@code delivery} failed with {@code error} (retryable) and it was parked for
     * another after {@code wait}.
     */
    default void retried(Delivery delivery, int attempt, String error, Duration wait) {
    }
}
