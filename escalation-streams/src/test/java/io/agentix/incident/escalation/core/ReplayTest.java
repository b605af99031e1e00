package io.agentix.incident.escalation.core;

import static io.agentix.incident.escalation.core.AlertSpec.anAlert;
import static io.agentix.incident.escalation.core.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.IncidentCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ids and outputs are deterministic: the same inputs at the same times give equal decisions, so a replay
 * after a crash produces records the notifier recognises.
 */
class ReplayTest {

    private record Input(Instant at, AlertEvent alert, IncidentCommand command) {
    }

    @Test
    void producesTheSameOutputsAndIdsWhenReplayed() {
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input(T0, anAlert().component("inbox").tenants().allTenants().key("k1").eventId("e1").build(T0), null));
        Instant later = T0.plus(Duration.ofMinutes(4));
        inputs.add(new Input(later, anAlert().component("inbox").tenants("acme").key("k2").eventId("e2").build(later), null));
        inputs.add(new Input(T0.plus(Duration.ofMinutes(6)), null, IncidentCommand.newBuilder().setCommandId("c1")
                .setIncidentId("INC-20260316-0001").setAction(CommandAction.ACKNOWLEDGE).setBy("jonas")
                .setIssuedAt(T0.plus(Duration.ofMinutes(6))).build()));

        List<Decision> first = run(inputs, T0.plus(Duration.ofHours(3)));
        List<Decision> second = run(inputs, T0.plus(Duration.ofHours(3)));

        assertThat(first).hasSizeGreaterThan(10);
        assertThat(second).isEqualTo(first);
        assertThat(first.get(0).notifications().get(0).getNotificationId()).isEqualTo("INC-20260316-0001:INCIDENT_OPENED:2");
    }

    private static List<Decision> run(List<Input> inputs, Instant until) {
        EngineHarness h = new EngineHarness();
        List<Decision> decisions = new ArrayList<>();
        for (Input input : inputs) {
            h.advanceTo(input.at());
            decisions.add(input.alert() != null
                    ? h.engine.onAlert(input.alert(), h.now, h.state)
                    : h.engine.onCommand(input.command(), h.now, h.state));
            h.state.apply(decisions.get(decisions.size() - 1));
        }
        while (!h.state.dueClocks(until).isEmpty()) {
            PendingClock clock = h.state.dueClocks(until).get(0);
            h.now = clock.deadline();
            Decision decision = h.engine.onClock(clock, h.now, h.state);
            h.state.removeClock(clock);
            h.state.apply(decision);
            decisions.add(decision);
        }
        return decisions;
    }
}
