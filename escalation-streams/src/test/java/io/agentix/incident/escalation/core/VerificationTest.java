package io.agentix.incident.escalation.core;

import static io.agentix.incident.escalation.core.AlertSpec.anAlert;
import static io.agentix.incident.escalation.core.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.TimelineType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Behaviour 6: verification window after resolution: firing again reopens, else the incident closes. */
class VerificationTest {

    private final EngineHarness h = new EngineHarness();

    private String resolvedP3At(Instant resolvedAt) {
        String id = h.open(anAlert().component("analytics").tenants("acme").key("k1"));
        h.advanceTo(resolvedAt);
        h.command(id, CommandAction.RESOLVE, "yuki", b -> b.setMessage("config fixed"));
        assertThat(h.incident(id).getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        return id;
    }

    @Test
    void reopensWhenItFiresAgainWithinThirtyMinutesOfResolution() {
        Instant resolvedAt = T0.plus(Duration.ofMinutes(40));
        String id = resolvedP3At(resolvedAt);
        h.advanceTo(resolvedAt.plus(Duration.ofMinutes(29)));

        Decision again = h.alert(anAlert().component("analytics").tenants("acme").key("k1"));

        Incident incident = h.incident(id);
        assertThat(again.incidentSequence()).isEmpty();
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.getResolvedAt()).isNull();
        assertThat(incident.getAlertCount()).isEqualTo(2);
        assertThat(h.timeline(id, TimelineType.REOPENED)).singleElement().satisfies(e -> {
            assertThat(e.getFromStatus()).isEqualTo(IncidentStatus.RESOLVED);
            assertThat(e.getToStatus()).isEqualTo(IncidentStatus.OPEN);
            assertThat(e.getSummary()).contains("fired again within the verification window of 30 minutes");
        });
        assertThat(again.notifications()).extracting(n -> n.getKind()).containsExactly(NotificationKind.INCIDENT_OPENED);
        assertThat(again.clocksToCancel()).extracting(PendingClock::type).containsExactly(ClockType.VERIFICATION);
        // A fresh P3 window from the reopening.
        assertThat(incident.getResponseDueAt()).isEqualTo(h.now.plus(Duration.ofHours(4)));

        h.advanceBy(Duration.ofHours(1));
        assertThat(h.incident(id).getStatus()).isEqualTo(IncidentStatus.OPEN);
    }

    @Test
    void closesThirtyMinutesAfterResolutionWhenItDoesNotFireAgain() {
        Instant resolvedAt = T0.plus(Duration.ofMinutes(40));
        String id = resolvedP3At(resolvedAt);

        h.advanceTo(resolvedAt.plus(Duration.ofMinutes(30)).minusMillis(1));
        assertThat(h.incident(id).getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        h.advanceTo(resolvedAt.plus(Duration.ofMinutes(30)));

        Incident incident = h.incident(id);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(incident.getClosedAt()).isEqualTo(resolvedAt.plus(Duration.ofMinutes(30)));
        assertThat(h.timeline(id, TimelineType.CLOSED)).singleElement()
                .satisfies(e -> assertThat(e.getToStatus()).isEqualTo(IncidentStatus.CLOSED));
    }

    @Test
    void opensANewIncidentWhenAClosedOneFiresAgain() {
        String id = resolvedP3At(T0.plus(Duration.ofMinutes(40)));
        h.advanceBy(Duration.ofHours(1));

        String next = h.open(anAlert().component("analytics").tenants("acme").key("k1"));

        assertThat(next).isNotEqualTo(id);
        assertThat(h.incident(id).getStatus()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(h.state.incidentForDedupKey("k1")).contains(next);
    }

    @Test
    void reopensOnCommandAndClosesEarlyOnCommand() {
        String id = resolvedP3At(T0.plus(Duration.ofMinutes(40)));

        h.command(id, CommandAction.REOPEN, "yuki", b -> b.setMessage("still broken for acme"));
        assertThat(h.incident(id).getStatus()).isEqualTo(IncidentStatus.OPEN);
        h.command(id, CommandAction.RESOLVE, "yuki");
        h.command(id, CommandAction.CLOSE, "yuki");

        assertThat(h.incident(id).getStatus()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(h.clocks(id, ClockType.VERIFICATION)).isEmpty();
        assertThat(h.state.allClocks()).isEmpty();
    }
}
