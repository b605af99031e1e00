package io.agentix.incident.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.agentix.incident.notifier.delivery.CircuitBreaker.State;

class CircuitBreakerTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-15T09:30:00Z"));
    private final CircuitBreaker breaker = new CircuitBreaker("smtp", 3, Duration.ofSeconds(30));

    @Test
    void opensAfterTheThresholdOfConsecutiveFailuresAndRefusesUntilTheOpenTimeIsOver() {
        failTimes(2);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire(clock.instant())).isTrue();
        breaker.failed(clock.instant());

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquire(clock.instant())).isFalse();
        assertThat(breaker.retryAt(clock.instant(), Duration.ofSeconds(1)))
                .isEqualTo(clock.instant().plusSeconds(30));
        clock.advance(Duration.ofSeconds(29));
        assertThat(breaker.tryAcquire(clock.instant())).isFalse();
    }

    @Test
    void halfOpenLetsOneTrialThroughAndItsSuccessCloses() {
        failTimes(3);
        clock.advance(Duration.ofSeconds(30));

        assertThat(breaker.tryAcquire(clock.instant())).as("the trial").isTrue();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire(clock.instant())).as("a second attempt during the trial").isFalse();
        breaker.succeeded();

        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire(clock.instant())).isTrue();
        assertThat(breaker.tryAcquire(clock.instant())).isTrue();
    }

    @Test
    void aFailedTrialOpensAgainForTheWholeOpenTime() {
        failTimes(3);
        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire(clock.instant())).isTrue();
        breaker.failed(clock.instant());

        assertThat(breaker.state()).isEqualTo(State.OPEN);
        clock.advance(Duration.ofSeconds(29));
        assertThat(breaker.tryAcquire(clock.instant())).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire(clock.instant())).isTrue();
    }

    @Test
    void aSuccessResetsTheCountOfConsecutiveFailures() {
        failTimes(2);
        breaker.succeeded();
        failTimes(2);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
    }

    private void failTimes(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquire(clock.instant())).isTrue();
            breaker.failed(clock.instant());
        }
    }
}
