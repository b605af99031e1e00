package io.agentix.incident.escalation.core;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.TimelineEntry;

/** TEMPORARY stub of the CORE helper's type (contract); replaced on merge. */
public record Decision(
        Optional<Incident> incident,
        List<TimelineEntry> timeline,
        List<Escalation> escalations,
        List<Notification> notifications,
        List<PendingClock> clocksToSet,
        List<PendingClock> clocksToCancel,
        List<String> seenEventIds,
        OptionalLong incidentSequence) {
}
