package io.agentix.incident.notifier.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * How deliveries are attempted: the retry bound and backoff, the circuit breaker per endpoint, how many
 * notifications may be in flight, and the page rate limit per route. Built from the {@code delivery:}
 * configuration section; tests build it directly.
 *
 * @param maxAttempts attempts of one delivery before it ends FAILED (an open breaker does not count)
 * @param initialBackoff wait before the second attempt; doubles per attempt
 * @param maxBackoff the longest wait between two attempts
 * @param jitter fraction (0..1) of each wait that is randomized away, so deliveries parked by one outage
 *               do not all retry at the same instant
 * @param failureThreshold consecutive retryable failures of an endpoint that open its breaker
 * @param openFor how long an open breaker refuses attempts before it lets one trial through
 * @param maxInFlight notifications taken from the topic and not yet finished, beyond which consumption pauses
 * @param pagesPerRoute pages one route (a person) receives per window; more are folded into one digest
 * @param rateWindow the rate-limit window; a digest is sent at its end
 */
public record DeliverySettings(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter,
                               int failureThreshold, Duration openFor, int maxInFlight, int pagesPerRoute,
                               Duration rateWindow) {

    public DeliverySettings {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(openFor, "openFor");
        Objects.requireNonNull(rateWindow, "rateWindow");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < initialBackoff <= maxBackoff, got " + initialBackoff
                    + " and " + maxBackoff);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
        }
        if (openFor.isNegative() || openFor.isZero()) {
            throw new IllegalArgumentException("openFor must be positive, was " + openFor);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        if (pagesPerRoute < 1) {
            throw new IllegalArgumentException("pagesPerRoute must be at least 1, was " + pagesPerRoute);
        }
        if (rateWindow.toMillis() < 1) {
            throw new IllegalArgumentException("rateWindow must be at least 1 ms, was " + rateWindow);
        }
    }

    /** The shipped defaults: 8 attempts from 1 s to 5 min, 20 % jitter, breaker 5 failures / 30 s, 5 pages a minute. */
    public static DeliverySettings defaults() {
        return new DeliverySettings(8, Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2, 5, Duration.ofSeconds(30),
                1000, 5, Duration.ofMinutes(1));
    }

    public Backoff backoff() {
        return new Backoff(initialBackoff, maxBackoff, jitter);
    }
}
