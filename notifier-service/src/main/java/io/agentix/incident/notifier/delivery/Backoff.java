package io.agentix.incident.notifier.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with jitter: the wait after attempt {@code n} is {@code initial * 2^(n-1)}, capped at
 * {@code max}, minus up to {@code jitter} of it at random. Taking jitter away (rather than adding it) keeps
 * the cap a real bound, and spreads the retries of deliveries that failed together.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final double jitter;

    public Backoff(Duration initial, Duration max, double jitter) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + " and " + max);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
        this.jitter = jitter;
    }

    /**
     * The wait after failed attempt {@code attempt} (1 for the first).
     *
     * @param random a number in [0, 1), the share of the jitter to take away
     */
    public Duration delayAfter(int attempt, double random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt counts from 1, was " + attempt);
        }
        if (!(random >= 0 && random < 1)) {
            throw new IllegalArgumentException("random must be in [0, 1), was " + random);
        }
        long initialMillis = initial.toMillis();
        long maxMillis = max.toMillis();
        // Shifting past 62 bits overflows; by then the cap has long been reached.
        long base = attempt - 1 >= 62 || initialMillis > (maxMillis >> (attempt - 1))
                ? maxMillis : Math.min(maxMillis, initialMillis << (attempt - 1));
        long jittered = base - (long) (base * jitter * random);
        return Duration.ofMillis(Math.max(1, jittered));
    }
}
