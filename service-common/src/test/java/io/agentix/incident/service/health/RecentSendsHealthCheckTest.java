package io.agentix.incident.service.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import com.codahale.metrics.health.HealthCheck;

class RecentSendsHealthCheckTest {

    private static final Instant T0 = Instant.parse("2025-11-21T10:00:00Z");

    private Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final RecentSends sends = new RecentSends(new DelegatingClock());
    private final RecentSendsHealthCheck check = new RecentSendsHealthCheck(sends, Duration.ofMinutes(1),
            new DelegatingClock());

    @Test
    void healthyBeforeAnySend() {
        assertThat(check.execute().isHealthy()).isTrue();
    }

    @Test
    void unhealthyWhileTheLatestSendFailedNamingTheCause() {
        sends.succeeded();
        sends.failed(new TimeoutException("Expiring 1 record(s) for alerts-0"));

        HealthCheck.Result result = check.execute();

        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).contains("2025-11-21T10:00:00Z")
                .contains("TimeoutException: Expiring 1 record(s) for alerts-0");
    }

    @Test
    void healthyAgainAfterOneSuccessfulSend() {
        sends.failed(new TimeoutException("Expiring 1 record(s) for alerts-0"));
        sends.succeeded();

        assertThat(check.execute().isHealthy()).isTrue();
    }

    @Test
    void aFailureOlderThanTheWindowNoLongerCounts() {
        sends.failed(new TimeoutException("Expiring 1 record(s) for alerts-0"));
        clock = Clock.fixed(T0.plus(Duration.ofSeconds(61)), ZoneOffset.UTC);

        assertThat(check.execute().isHealthy()).isTrue();
    }

    /** Reads the test's current clock, so a test can move time. */
    private final class DelegatingClock extends Clock {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return clock.instant();
        }
    }
}
