package io.agentix.incident.escalation.topology;

import static io.agentix.incident.escalation.topology.Scenario.T;
import static io.agentix.incident.escalation.topology.Scenario.command;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.codahale.metrics.MetricRegistry;

import io.agentix.incident.escalation.kafka.EngineStateMetrics;
import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Severity;
import io.agentix.incident.service.metrics.PrometheusTextFormat;

/**
 * The engine's state gauges (open incidents per severity and status, pending and overdue clocks) over
 * the stores of the real topology, as {@code /metrics/prometheus} renders them.
 */
class EngineStateMetricsTest {

    private static final String INC1 = "INC-20261129-0001";
    private static final String INC2 = "INC-20261129-0002";
    private static final Duration INTERVAL = EscalationTopologyConfig.DEFAULT_CLOCK_CHECK_INTERVAL;

    private final OpenIncidents openIncidents = OpenIncidents.tracked();
    private final EngineHarness harness = new EngineHarness(PolicyLoader.shipped(), T, StoreType.IN_MEMORY, INTERVAL,
            openIncidents);
    private final MovableClock clock = new MovableClock(T);
    private final MetricRegistry registry = new MetricRegistry();
    private final EngineStateMetrics metrics = new EngineStateMetrics(openIncidents, harness::store, registry, INTERVAL,
            Duration.ofSeconds(5), Duration.ofSeconds(60), clock);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void countsOpenIncidentsPerSeverityAndStatusAsTheProcessorStoresThem() {
        assertThat(scrape()).contains("engine_incidents_open{severity=\"P1\",status=\"OPEN\"} 0\n");

        harness.alert(Scenario.p1("e-1", T));
        harness.alert(Scenario.alert("e-2", "k-webhooks", "webhooks", List.of("acme", "globex"), T).build());

        String opened = scrape();
        assertThat(opened).contains("engine_incidents_open{severity=\"P1\",status=\"OPEN\"} 1\n")
                .contains("engine_incidents_open{severity=\"P2\",status=\"OPEN\"} 1\n")
                .contains("engine_incidents_open{severity=\"P3\",status=\"OPEN\"} 0\n");

        harness.command(command("c-ack", INC1, CommandAction.ACKNOWLEDGE, "jonas", T.plusSeconds(10)).build());
        harness.command(command("c-dismiss", INC2, CommandAction.DISMISS, "jonas", T.plusSeconds(10))
                .setReason("synthetic check misconfigured").build());

        assertThat(scrape()).contains("engine_incidents_open{severity=\"P1\",status=\"OPEN\"} 0\n")
                .contains("engine_incidents_open{severity=\"P1\",status=\"ACKNOWLEDGED\"} 1\n")
                .as("dismissed is not open").contains("engine_incidents_open{severity=\"P2\",status=\"OPEN\"} 0\n");
    }

    @Test
    void aClosedTaskCountsNothing() {
        OpenIncidents counts = OpenIncidents.tracked();
        EngineHarness closing = new EngineHarness(PolicyLoader.shipped(), T, StoreType.IN_MEMORY, INTERVAL, counts);
        closing.alert(Scenario.p1("e-1", T));
        assertThat(counts.counts().get(Severity.P1).get(IncidentStatus.OPEN)).isEqualTo(1);

        closing.close();

        assertThat(counts.counts().get(Severity.P1).get(IncidentStatus.OPEN)).as("the task moved away").isZero();
    }

    @Test
    void clocksArePendingUntilTheyFireAndOverdueOnlyWhenTheyDidNotFireWithinTheCheckInterval() {
        harness.alert(Scenario.p1("e-1", T));
        Instant responseDeadline = T.plus(Duration.ofMinutes(15));

        clock.set(responseDeadline.plus(INTERVAL));
        assertThat(scrape()).contains("engine_clocks_pending{clock=\"response-window\"} 1\n")
                .contains("engine_clocks_pending{clock=\"initial-notice\"} 1\n")
                .contains("engine_clocks_pending{clock=\"tracking-reminder\"} 1\n")
                .as("late by exactly the interval: not yet overdue").contains("engine_clocks_overdue 0\n");

        clock.advance(Duration.ofSeconds(5));
        assertThat(scrape()).as("the wall clock (punctuation) stayed at T: the response window did not fire")
                .contains("engine_clocks_overdue 1\n");

        harness.advanceWallClockTo(responseDeadline);
        clock.advance(Duration.ofSeconds(5));
        String fired = scrape();
        assertThat(fired).contains("engine_clocks_overdue 0\n")
                .contains("engine_clocks_pending{clock=\"initial-notice\"} 1\n");
        assertThat(harness.escalations()).as("it fired").hasSize(1);
        assertThat(fired).as("the pending count is read at most once a minute")
                .contains("engine_clocks_pending{clock=\"response-window\"} 1\n");

        clock.advance(Duration.ofSeconds(60));
        assertThat(scrape()).contains("engine_clocks_pending{clock=\"response-window\"} 0\n")
                .contains("engine_clocks_pending{clock=\"initial-notice\"} 1\n");
    }

    private String scrape() {
        return PrometheusTextFormat.render(registry);
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
