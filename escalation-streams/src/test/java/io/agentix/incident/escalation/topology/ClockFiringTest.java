package io.agentix.incident.escalation.topology;

import static io.agentix.incident.escalation.topology.Scenario.T;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.EscalationReason;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;

/** Stored clocks and their firing by wall-clock punctuation, through the real topology and engine. */
class ClockFiringTest {

    private static final String INCIDENT = "INC-20261129-0001";

    private final EngineHarness harness = new EngineHarness(PolicyLoader.shipped(), T, StoreType.PERSISTENT);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void clocksAreStoredUnderDeadlineKeysInDeadlineOrder() {
        harness.alert(Scenario.p1("e-1", T));

        List<String> keys = clockKeys();

        assertThat(keys).containsExactly(
                String.format("%013d|%s|response-window", T.plus(Duration.ofMinutes(15)).toEpochMilli(), INCIDENT),
                String.format("%013d|%s|initial-notice", T.plus(Duration.ofMinutes(30)).toEpochMilli(), INCIDENT),
                String.format("%013d|%s|tracking-reminder", T.plus(Duration.ofMinutes(30)).toEpochMilli(), INCIDENT));
        assertThat(ClockKeys.deadlineOf(keys.get(0))).isEqualTo(T.plus(Duration.ofMinutes(15)));
        assertThat(indexKeys(IndexKeys.INCIDENT_CLOCKS)).hasSize(3);
    }

    @Test
    void aClockFiresAtTheFirstPunctuationAtOrAfterItsDeadlineAndOnlyOnce() {
        harness.alert(Scenario.p1("e-1", T));
        harness.escalations();

        harness.advanceWallClockTo(T.plus(Duration.ofMinutes(15)).minusSeconds(1));
        assertThat(harness.escalations()).as("one second before the deadline").isEmpty();

        harness.advanceWallClockTo(T.plus(Duration.ofMinutes(15)));
        List<TestRecord<String, Escalation>> fired = harness.escalations();
        for (int second = 1; second <= 10; second++) {
            harness.advanceWallClockTo(T.plus(Duration.ofMinutes(15)).plusSeconds(second));
        }

        assertThat(fired).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo(INCIDENT);
            assertThat(record.value().getReason()).isEqualTo(EscalationReason.RESPONSE_WINDOW_EXPIRED);
            assertThat(record.value().getToRole()).isEqualTo("cto");
            assertThat(record.value().getLateMillis()).isZero();
            assertThat(record.timestamp()).isEqualTo(T.plus(Duration.ofMinutes(15)).toEpochMilli());
        });
        assertThat(harness.escalations()).as("later punctuations").isEmpty();
        assertThat(clockKeys()).noneMatch(key -> key.endsWith("|response-window"));
    }

    @Test
    void afterALongAdvanceEveryDueClockFiresOnceInDeadlineOrderWithItsLateness() {
        harness.alert(Scenario.p1("e-1", T));
        harness.timeline();
        Instant now = T.plus(Duration.ofMinutes(47));

        harness.advanceWallClockTo(now);

        List<TimelineEntry> fired = harness.timeline().stream().map(TestRecord::value)
                .filter(entry -> entry.getType() == TimelineType.CLOCK_FIRED).toList();
        assertThat(fired).extracting(entry -> entry.getDetails().get("clock"))
                .containsExactly("response-window", "initial-notice", "tracking-reminder");
        assertThat(fired).extracting(TimelineEntry::getLateMillis).containsExactly(
                Duration.ofMinutes(32).toMillis(), Duration.ofMinutes(17).toMillis(), Duration.ofMinutes(17).toMillis());
        assertThat(harness.escalations()).singleElement()
                .satisfies(record -> assertThat(record.value().getLateMillis()).isEqualTo(Duration.ofMinutes(32).toMillis()))
                .satisfies(record -> assertThat(record.timestamp()).isEqualTo(now.toEpochMilli()));
        assertThat(clockKeys()).as("the fired clocks are gone; their successors are ahead")
                .allSatisfy(key -> assertThat(ClockKeys.deadlineOf(key)).isAfter(now));
    }

    @Test
    void aClockCancelledByACommandNeverFires() {
        harness.alert(Scenario.p1("e-1", T));
        harness.command(Scenario.command("c-1", INCIDENT, io.agentix.incident.events.CommandAction.MITIGATE, "jonas",
                T.plus(Duration.ofMinutes(10))).build());

        harness.advanceWallClockTo(T.plus(Duration.ofMinutes(20)));

        assertThat(harness.escalations()).isEmpty();
        assertThat(clockKeys()).noneMatch(key -> key.endsWith("|response-window"));
    }

    private List<String> clockKeys() {
        return indexKeys(IndexKeys.CLOCKS);
    }

    private List<String> indexKeys(String namespace) {
        KeyValueStore<String, String> index = harness.store(StoreNames.INDEX);
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, String> it = index.all()) {
            it.forEachRemaining((KeyValue<String, String> entry) -> {
                if (entry.key.startsWith(namespace)) {
                    keys.add(entry.key.substring(namespace.length()));
                }
            });
        }
        return keys;
    }
}
