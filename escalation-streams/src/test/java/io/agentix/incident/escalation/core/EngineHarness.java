package io.agentix.incident.escalation.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Drives the pure engine like the processor does, with time moved explicitly: alerts and commands at
 * {@link #now}, clocks fired in deadline order at their own deadline when time moves on. Checks the
 * invariants every decision must keep (contiguous timeline sequences equal to the incident version,
 * unique deterministic notification ids, rendered non-empty notifications) on every step.
 */
final class EngineHarness {

    static final Policy POLICY = PolicyLoader.shipped();
    /** A Monday morning, inside business hours. */
    static final Instant T0 = Instant.parse("2026-03-16T10:00:00Z");

    final IncidentEngine engine = new IncidentEngine(POLICY);
    final InMemoryState state = new InMemoryState();
    Instant now = T0;
    final List<Notification> notifications = new ArrayList<>();
    final List<Escalation> escalations = new ArrayList<>();
    final List<TimelineEntry> timeline = new ArrayList<>();
    private final Set<String> notificationIds = new HashSet<>();
    private final Map<String, Long> versions = new HashMap<>();
    private int commands;

    Decision alert(AlertSpec alert) {
        return record(engine.onAlert(alert.build(now), now, state));
    }

    /** Opens an incident with the alert and returns its id. */
    String open(AlertSpec alert) {
        Decision decision = alert(alert);
        assertThat(decision.incidentSequence()).as("the alert opens an incident").isPresent();
        return decision.incident().orElseThrow().getIncidentId();
    }

    Decision command(String incidentId, CommandAction action, String by) {
        return command(incidentId, action, by, b -> { });
    }

    Decision command(String incidentId, CommandAction action, String by, Consumer<IncidentCommand.Builder> fields) {
        IncidentCommand.Builder builder = IncidentCommand.newBuilder()
                .setCommandId("cmd-" + (++commands))
                .setIncidentId(incidentId)
                .setAction(action)
                .setBy(by)
                .setIssuedAt(now)
                .setSource("test");
        fields.accept(builder);
        return command(builder.build());
    }

    Decision command(IncidentCommand command) {
        return record(engine.onCommand(command, now, state));
    }

    /** Moves time to {@code to}, firing each clock due on the way at its own deadline, in deadline order. */
    void advanceTo(Instant to) {
        while (true) {
            List<PendingClock> due = state.dueClocks(to);
            if (due.isEmpty()) {
                break;
            }
            PendingClock clock = due.get(0);
            now = clock.deadline().isAfter(now) ? clock.deadline() : now;
            fire(clock);
        }
        now = to;
    }

    void advanceBy(Duration duration) {
        advanceTo(now.plus(duration));
    }

    /** Fires every clock due at {@code at} only at {@code at} (as after a restart): lateness shows. */
    void fireLateAt(Instant at) {
        now = at;
        for (PendingClock clock : state.dueClocks(at)) {
            fire(clock);
        }
    }

    Decision fire(PendingClock clock) {
        // As the processor: the engine sees the clock still stored, then it is deleted with the outputs.
        Decision decision = engine.onClock(clock, now, state);
        state.removeClock(clock);
        return record(decision);
    }

    private Decision record(Decision decision) {
        decision.incident().ifPresent(incident -> {
            long before = versions.getOrDefault(incident.getIncidentId(), 0L);
            List<Long> sequences = decision.timeline().stream()
                    .filter(e -> e.getIncidentId().equals(incident.getIncidentId()))
                    .map(TimelineEntry::getSequence).toList();
            assertThat(sequences).as("timeline sequences follow the stored version").isNotEmpty();
            for (int i = 0; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).as("sequence %d of this decision", i).isEqualTo(before + i + 1);
            }
            assertThat(incident.getVersion()).as("incident version = last timeline sequence")
                    .isEqualTo(sequences.get(sequences.size() - 1));
            versions.put(incident.getIncidentId(), incident.getVersion());
        });
        for (Notification notification : decision.notifications()) {
            assertThat(notificationIds.add(notification.getNotificationId())).as("unique id %s",
                    notification.getNotificationId()).isTrue();
            assertThat(notification.getNotificationId())
                    .startsWith(notification.getIncidentId() + ":" + notification.getKind() + ":");
            assertThat(notification.getSubject()).isNotBlank();
            assertThat(notification.getBody()).isNotBlank();
            assertThat(notification.getRecipients()).isNotEmpty();
            assertThat(notification.getPolicyVersion()).isEqualTo(POLICY.version());
            assertThat(decision.timeline()).as("a NOTIFIED entry for %s", notification.getNotificationId())
                    .anyMatch(e -> e.getType() == TimelineType.NOTIFIED
                            && notification.getNotificationId().equals(e.getRefId()));
        }
        for (Escalation escalation : decision.escalations()) {
            assertThat(decision.timeline()).anyMatch(e -> e.getType() == TimelineType.ESCALATED
                    && escalation.getEscalationId().equals(e.getRefId()));
        }
        notifications.addAll(decision.notifications());
        escalations.addAll(decision.escalations());
        timeline.addAll(decision.timeline());
        state.apply(decision);
        return decision;
    }

    Incident incident(String id) {
        return state.incident(id).orElseThrow();
    }

    List<Notification> notifications(NotificationKind kind) {
        return notifications.stream().filter(n -> n.getKind() == kind).toList();
    }

    List<TimelineEntry> timeline(String incidentId, TimelineType type) {
        return timeline.stream().filter(e -> e.getIncidentId().equals(incidentId) && e.getType() == type).toList();
    }

    List<PendingClock> clocks(String incidentId, ClockType type) {
        return state.allClocks().stream().filter(c -> c.incidentId().equals(incidentId) && c.type() == type).toList();
    }

    static List<String> recipientIds(Notification notification) {
        return notification.getRecipients().stream().map(r -> r.getId()).toList();
    }
}
