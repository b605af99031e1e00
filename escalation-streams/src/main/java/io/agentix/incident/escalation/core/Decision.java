package io.agentix.incident.escalation.core;

import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.TimelineEntry;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything one input (alert, command or clock) changes, complete: the processor stores and forwards
 * it as it is, with key incidentId and the input's timestamp, and assigns nothing itself.
 *
 * @param incident the new state of the incident to store and publish on {@code incidents}; its version
 *     is the sequence of the last timeline entry of this decision
 * @param timeline timeline entries in order, sequence numbers set
 * @param escalations escalation records to publish
 * @param notifications notifications to publish, rendered
 * @param clocksToSet clocks to store
 * @param clocksToCancel clocks to delete (exactly as {@link EngineState#clocksOf} returned them)
 * @param seenEventIds alert event ids (and command dedup ids) to remember so a retry changes nothing
 * @param incidentSequence the new last incident sequence when this decision opened an incident
 */
public record Decision(
        Optional<Incident> incident,
        List<TimelineEntry> timeline,
        List<Escalation> escalations,
        List<Notification> notifications,
        List<PendingClock> clocksToSet,
        List<PendingClock> clocksToCancel,
        List<String> seenEventIds,
        OptionalLong incidentSequence) {

    private static final Decision EMPTY = new Decision(Optional.empty(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), OptionalLong.empty());

    public Decision {
        Objects.requireNonNull(incident, "incident");
        timeline = List.copyOf(timeline);
        escalations = List.copyOf(escalations);
        notifications = List.copyOf(notifications);
        clocksToSet = List.copyOf(clocksToSet);
        clocksToCancel = List.copyOf(clocksToCancel);
        seenEventIds = List.copyOf(seenEventIds);
        Objects.requireNonNull(incidentSequence, "incidentSequence");
    }

    /** Nothing changes (a retried event, a resolve for an unknown key, a stale clock of a gone incident). */
    public static Decision empty() {
        return EMPTY;
    }

    /** True when nothing changes. */
    public boolean isEmpty() {
        return incident.isEmpty() && timeline.isEmpty() && escalations.isEmpty() && notifications.isEmpty()
                && clocksToSet.isEmpty() && clocksToCancel.isEmpty() && seenEventIds.isEmpty()
                && incidentSequence.isEmpty();
    }
}
