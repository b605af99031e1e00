package io.agentix.incident.escalation.core;

import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@link IncidentEngine} may read: a view of the processor's stores. The engine never writes
 * through it; everything it decides comes back in a {@link Decision} that the processor applies.
 */
public interface EngineState {

    /** The stored incident, if any. */
    Optional<Incident> incident(String incidentId);

    /** The latest incident that holds this dedup key (any status). */
    Optional<String> incidentForDedupKey(String dedupKey);

    /** The newest incident of the component that is not CLOSED or DISMISSED. */
    Optional<String> openIncidentForComponent(String component);

    /**
     * True when an AlertEvent id, or a command's dedup id ({@code command:<commandId>}), was already
     * applied.
     */
    boolean seenEvent(String eventId);

    /** The last deploy to main at or before the instant. */
    Optional<DeploymentEvent> lastMainDeploy(Instant atOrBefore);

    /** Deploys to main with deployedAt in [from, to], oldest first. */
    List<DeploymentEvent> mainDeploysBetween(Instant from, Instant to);

    /** The sequence of the last incident id handed out; 0 before the first. */
    long lastIncidentSequence();

    /** The clocks pending for the incident. */
    List<PendingClock> clocksOf(String incidentId);

    /**
     * The incident's timeline so far, in sequence order (empty for an unknown id). Read only where the
     * history matters (post-mortem draft, escalation summary, which roles were paged when an incident is
     * acknowledged or resolved, whether anyone was assigned when it is acknowledged), never on the alert
     * hot path (an alert that opens or joins an incident). Added to the contract by the CORE helper.
     */
    List<TimelineEntry> timelineOf(String incidentId);
}
