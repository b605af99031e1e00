package io.agentix.incident.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The circuit breaker of one endpoint. Closed, it lets every attempt through and counts consecutive
 * retryable failures; at {@code failureThreshold} it opens and refuses attempts for {@code openFor} (the
 * deliveries are parked, not failed: an endpoint that is down should not burn their attempts). After that
 * it is half-open: one trial attempt goes through; its success closes the breaker, its failure opens it
 * again. A permanent failure (the endpoint answered and refused this one delivery) counts as an answer.
 *
 * <p>Not thread-safe: the delivery coordinator owns it. {@link #state()} may be read from other threads
 * (metrics, health), so it is volatile.
 */
public final class CircuitBreaker {

    /** Where the breaker is. */
    public enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final String endpoint;
    private final int failureThreshold;
    private final Duration openFor;
    private volatile State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openUntil = Instant.MIN;
    private boolean trialInFlight;

    public CircuitBreaker(String endpoint, int failureThreshold, Duration openFor) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1, was " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.openFor = Objects.requireNonNull(openFor, "openFor");
    }

    public String endpoint() {
        return endpoint;
    }

    /** The state as last decided; an open breaker whose time is up reads OPEN until the next attempt asks. */
    public State state() {
        return state;
    }

    /**
     * Whether an attempt may go to the endpoint now. A true answer in the half-open state reserves the one
     * trial; the attempt must be reported with {@link #succeeded()} or {@link #failed(Instant)}.
     */
    public boolean tryAcquire(Instant now) {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (now.isBefore(openUntil)) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return true;
            default:
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
        }
    }

    /** When a refused attempt should ask again: the end of the open time, or at once after a trial. */
    public Instant retryAt(Instant now, Duration trialWait) {
        return state == State.OPEN && openUntil.isAfter(now) ? openUntil : now.plus(trialWait);
    }

    /** The endpoint accepted a delivery, or answered with a permanent refusal: it is there. */
    public void succeeded() {
        consecutiveFailures = 0;
        trialInFlight = false;
        state = State.CLOSED;
    }

    /** The endpoint failed in a way that may pass (down, timeout, 5xx). */
    public void failed(Instant now) {
        trialInFlight = false;
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openUntil = now.plus(openFor);
        }
    }
}
