package io.agentix.incident.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.5);

    @Test
    void doublesPerAttemptWithoutJitterWhenRandomIsZero() {
        assertThat(backoff.delayAfter(1, 0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delayAfter(2, 0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delayAfter(3, 0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.delayAfter(5, 0)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void isCappedAtTheMaximumEvenForHugeAttemptNumbers() {
        assertThat(backoff.delayAfter(6, 0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delayAfter(64, 0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delayAfter(Integer.MAX_VALUE, 0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterTakesAwayUpToItsShareOfTheWait() {
        assertThat(backoff.delayAfter(3, 0.5)).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.delayAfter(3, 0.999)).isGreaterThan(Duration.ofMillis(2000)).isLessThan(Duration.ofSeconds(4));
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0).delayAfter(1, 0.9))
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> backoff.delayAfter(0, 0)).hasMessageContaining("attempt counts from 1");
        assertThatThrownBy(() -> backoff.delayAfter(1, 1.0)).hasMessageContaining("random must be in [0, 1)");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 0))
                .hasMessageContaining("initial <= max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 1.5))
                .hasMessageContaining("jitter");
    }
}
