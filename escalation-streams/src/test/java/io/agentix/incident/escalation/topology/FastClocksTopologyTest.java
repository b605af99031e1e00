package io.agentix.incident.escalation.topology;

import static io.agentix.incident.escalation.topology.Scenario.T;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agentix.incident.escalation.policy.FastClocks;
import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.events.Channel;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.EscalationReason;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;

/**
 * The shipped policy at {@code fastClocks: 60} through the real topology, with the clock check interval the
 * application derives: a P1 pages at once, escalates to the CTO 15 seconds after detection and sends its
 * initial customer notice 30 seconds after.
 */
class FastClocksTopologyTest {

    private static final Duration STEP = Duration.ofMillis(500);

    private final Policy policy = FastClocks.apply(PolicyLoader.shipped(), 60);
    private final Duration clockCheck = FastClocks.clockCheckInterval(policy, Duration.ofSeconds(1));
    private final EngineHarness harness = new EngineHarness(policy, T, StoreType.IN_MEMORY, clockCheck);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aP1EscalatesToTheCtoAfterFifteenSecondsAtSixtyTimesSpeed() {
        harness.alert(Scenario.p1("e-1", T));
        assertThat(harness.incidents()).last()
                .satisfies(record -> assertThat(record.value().getPolicyVersion()).endsWith("/fast60"));
        assertThat(harness.notifications()).filteredOn(n -> n.value().getChannel() == Channel.PAGE)
                .extracting(n -> n.value().getRecipientRole().toString()).containsExactlyInAnyOrder("on-call", "everyone");

        walkTo(T.plus(Duration.ofSeconds(15)).minus(STEP));
        assertThat(harness.escalations()).as("before 15 s").isEmpty();

        walkTo(T.plus(Duration.ofSeconds(15)));
        List<TestRecord<String, Escalation>> escalations = harness.escalations();
        assertThat(escalations).singleElement().satisfies(record -> {
            assertThat(record.value().getToRole()).isEqualTo("cto");
            assertThat(record.value().getReason()).isEqualTo(EscalationReason.RESPONSE_WINDOW_EXPIRED);
            assertThat(record.timestamp()).isEqualTo(T.plusSeconds(15).toEpochMilli());
        });
        assertThat(harness.notifications()).extracting(TestRecord::value)
                .anySatisfy(n -> {
                    assertThat(n.getKind()).isEqualTo(NotificationKind.ESCALATED);
                    assertThat(n.getRecipientRole().toString()).isEqualTo("cto");
                })
                .noneMatch(n -> n.getKind() == NotificationKind.INITIAL_NOTICE);

        walkTo(T.plus(Duration.ofSeconds(30)));
        List<Notification> notices = harness.notifications().stream().map(TestRecord::value)
                .filter(n -> n.getKind() == NotificationKind.INITIAL_NOTICE).toList();
        assertThat(notices).as("the initial customer notice at the P1 deadline, 30 min / 60").isNotEmpty()
                .allSatisfy(n -> assertThat(n.getChannel()).isEqualTo(Channel.EMAIL));
    }

    /** Moves the wall clock in clock-check steps, as a running instance's punctuation would see it. */
    private void walkTo(Instant target) {
        while (harness.wallClock().isBefore(target)) {
            Instant next = harness.wallClock().plus(clockCheck);
            harness.advanceWallClockTo(next.isAfter(target) ? target : next);
        }
    }
}
