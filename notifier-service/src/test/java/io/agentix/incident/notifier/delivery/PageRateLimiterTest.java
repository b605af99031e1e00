package io.agentix.incident.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class PageRateLimiterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-15T09:30:10Z"));
    private final PageRateLimiter limiter = new PageRateLimiter(2, Duration.ofMinutes(1));

    @Test
    void admitsTheLimitPerRouteAndWindowAndFoldsTheRestIntoTheWindowsDigest() {
        Instant windowStart = Instant.parse("2026-03-15T09:30:00Z");
        assertThat(limiter.admit("mira", clock.instant())).isEmpty();
        assertThat(limiter.admit("mira", clock.advance(Duration.ofSeconds(5)))).isEmpty();
        assertThat(limiter.admit("mira", clock.advance(Duration.ofSeconds(5)))).hasValue(windowStart);
        assertThat(limiter.admit("mira", clock.advance(Duration.ofSeconds(39)))).hasValue(windowStart);
        assertThat(limiter.admit("jonas", clock.instant())).as("another person").isEmpty();
    }

    @Test
    void aNewWindowStartsAfreshOnTheMinute() {
        limiter.admit("mira", clock.instant());
        limiter.admit("mira", clock.instant());
        assertThat(limiter.admit("mira", clock.instant())).isPresent();

        clock.advance(Duration.ofSeconds(50));
        assertThat(limiter.admit("mira", clock.instant())).isEmpty();
        assertThat(limiter.windowStart(clock.instant())).isEqualTo(Instant.parse("2026-03-15T09:31:00Z"));
    }
}
