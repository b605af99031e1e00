package io.agentix.incident.escalation.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.Incident;

/** TEMPORARY stub of the CORE helper's type (contract); replaced on merge. */
public interface EngineState {
    Optional<Incident> incident(String incidentId);

    Optional<String> incidentForDedupKey(String dedupKey);

    Optional<String> openIncidentForComponent(String component);

    boolean seenEvent(String eventId);

    Optional<DeploymentEvent> lastMainDeploy(Instant atOrBefore);

    List<DeploymentEvent> mainDeploysBetween(Instant from, Instant to);

    long lastIncidentSequence();

    List<PendingClock> clocksOf(String incidentId);
}
