package io.agentix.incident.escalation.core;

import static io.agentix.incident.escalation.core.AlertSpec.anAlert;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.TimelineType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Behaviour 2: dedup of retries, grouping by dedup key and by component, resolution at the source. */
class DedupAndGroupingTest {

    private final EngineHarness h = new EngineHarness();

    @Test
    void changesNothingOnARepeatedDeliveryOfTheSameEvent() {
        AlertSpec alert = anAlert().key("k1");
        String id = h.open(alert);
        Incident before = h.incident(id);
        h.advanceBy(Duration.ofSeconds(30));

        Decision retry = h.alert(alert.retry());

        assertThat(retry.isEmpty()).isTrue();
        assertThat(h.incident(id)).isEqualTo(before);
    }

    @Test
    void joinsAlertsWithTheSameDedupKeyCountingDistinctEventsAndPagingOnce() {
        String id = h.open(anAlert().key("k1"));
        AlertSpec second = anAlert().key("k1");
        h.advanceBy(Duration.ofMinutes(20));
        Decision joined = h.alert(second);
        h.alert(second.retry());
        h.advanceBy(Duration.ofMinutes(1));
        h.alert(anAlert().key("k1"));

        Incident incident = h.incident(id);
        assertThat(joined.incident().orElseThrow().getIncidentId()).isEqualTo(id);
        assertThat(joined.notifications()).isEmpty();
        assertThat(incident.getAlertCount()).isEqualTo(3);
        assertThat(incident.getDedupKeys()).containsExactly("k1");
        assertThat(h.notifications(NotificationKind.INCIDENT_OPENED)).hasSize(1);
        assertThat(h.timeline(id, TimelineType.ALERT_ADDED)).hasSize(2);
        assertThat(h.state.lastIncidentSequence()).isEqualTo(1);
    }

    @Test
    void joinsAnotherKeyOfTheSameComponentWithinTheCorrelationWindow() {
        String id = h.open(anAlert().key("k1").component("inbox"));
        h.advanceBy(Duration.ofMinutes(15));

        Decision decision = h.alert(anAlert().key("k2").component("inbox").source("betterstack"));

        assertThat(decision.incidentSequence()).isEmpty();
        Incident incident = h.incident(id);
        assertThat(incident.getDedupKeys()).containsExactly("k1", "k2");
        assertThat(incident.getOpenDedupKeys()).containsExactly("k1", "k2");
        assertThat(incident.getSources()).containsExactly("sentry", "betterstack");
        assertThat(incident.getAlertCount()).isEqualTo(2);
        assertThat(h.state.incidentForDedupKey("k2")).contains(id);
    }

    @Test
    void opensANewIncidentForAnotherKeyAfterTheCorrelationWindow() {
        String first = h.open(anAlert().key("k1").component("inbox"));
        h.advanceBy(Duration.ofMinutes(15).plusSeconds(1));

        String second = h.open(anAlert().key("k2").component("inbox"));

        assertThat(second).isNotEqualTo(first).isEqualTo("INC-20260316-0002");
        assertThat(h.incident(first).getAlertCount()).isEqualTo(1);
    }

    @Test
    void keepsOtherComponentsApart() {
        String inbox = h.open(anAlert().key("k1").component("inbox"));

        String builder = h.open(anAlert().key("k2").component("builder"));

        assertThat(builder).isNotEqualTo(inbox);
    }

    @Test
    void neverGroupsAlertsWithoutAComponentByComponent() {
        h.open(anAlert().key("k1").noComponent());

        h.open(anAlert().key("k2").noComponent());

        assertThat(h.state.lastIncidentSequence()).isEqualTo(2);
    }

    @Test
    void ignoresAResolveForAnUnknownKey() {
        Decision decision = h.alert(anAlert().key("never-seen").resolved());

        assertThat(decision.isEmpty()).isTrue();
        assertThat(h.state.lastIncidentSequence()).isZero();
    }

    @Test
    void resolvesTheIncidentWhenEveryAlertIsResolvedAtTheSource() {
        String id = h.open(anAlert().key("k1").component("csv-export"));
        h.advanceBy(Duration.ofMinutes(2));
        h.alert(anAlert().key("k2").component("csv-export"));
        h.advanceBy(Duration.ofMinutes(10));

        h.alert(anAlert().key("k1").component("csv-export").resolved());
        assertThat(h.incident(id).getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(h.incident(id).getOpenDedupKeys()).containsExactly("k2");

        h.advanceBy(Duration.ofMinutes(1));
        h.alert(anAlert().key("k2").component("csv-export").resolved());

        Incident incident = h.incident(id);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.getResolvedAt()).isEqualTo(h.now);
        assertThat(incident.getOpenDedupKeys()).isEmpty();
        assertThat(incident.getAlertCount()).isEqualTo(2);
        assertThat(h.timeline(id, TimelineType.ALERT_RESOLVED)).hasSize(2);
        assertThat(h.timeline(id, TimelineType.STATUS_CHANGED)).singleElement()
                .satisfies(e -> assertThat(e.getToStatus()).isEqualTo(IncidentStatus.RESOLVED));
    }

    @Test
    void ignoresAnotherResolveOfAnAlreadyResolvedKey() {
        h.open(anAlert().key("k1").component("csv-export"));
        h.alert(anAlert().key("k1").component("csv-export").resolved());

        Decision again = h.alert(anAlert().key("k1").component("csv-export").resolved());

        assertThat(again.isEmpty()).isTrue();
    }

    @Test
    void keepsTheSourcesAcknowledgementAsANoteWithoutChangingTheStatus() {
        String id = h.open(anAlert().key("k1"));

        h.alert(anAlert().key("k1").acknowledged());

        assertThat(h.incident(id).getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(h.timeline(id, TimelineType.OTHER)).singleElement()
                .satisfies(e -> assertThat(e.getSummary()).startsWith("Acknowledged at the source (sentry)"));
    }

    @Test
    void readsNoClocksWhenAnAlertJoinsWithoutChangingAnythingClocksDependOn() {
        h.open(anAlert().key("k1"));
        int reads = h.state.clockReads;

        Decision joined = h.alert(anAlert().key("k1"));

        assertThat(h.state.clockReads).isEqualTo(reads);
        assertThat(joined.clocksToSet()).isEmpty();
        assertThat(joined.clocksToCancel()).isEmpty();
    }

    @Test
    void absorbsRepeatsOfADismissedFalsePositiveUntilTheSourceResolvesIt() {
        String id = h.open(anAlert().key("k1"));
        h.command(id, io.agentix.incident.events.CommandAction.DISMISS, "jonas", b -> b.setReason("flaky monitor"));
        h.advanceBy(Duration.ofMinutes(3));

        Decision repeat = h.alert(anAlert().key("k1").tenants("acme", "globex"));

        assertThat(repeat.incidentSequence()).isEmpty();
        assertThat(repeat.notifications()).isEmpty();
        assertThat(repeat.escalations()).isEmpty();
        assertThat(h.incident(id).getStatus()).isEqualTo(IncidentStatus.DISMISSED);
        assertThat(h.incident(id).getAlertCount()).isEqualTo(2);

        h.alert(anAlert().key("k1").resolved());
        h.advanceBy(Duration.ofHours(1));
        String next = h.open(anAlert().key("k1"));
        assertThat(next).isNotEqualTo(id);
    }
}
