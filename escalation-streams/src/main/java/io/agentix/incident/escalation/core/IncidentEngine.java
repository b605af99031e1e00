package io.agentix.incident.escalation.core;

import java.time.Instant;
import java.util.Optional;

import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentCommand;

/** TEMPORARY stub of the CORE helper's engine (contract); replaced on merge. */
public final class IncidentEngine {
    public IncidentEngine(Policy policy) {
    }

    public Decision onAlert(AlertEvent alert, Instant now, EngineState state) {
        throw new UnsupportedOperationException("CORE not merged yet");
    }

    public Decision onCommand(IncidentCommand command, Instant now, EngineState state) {
        throw new UnsupportedOperationException("CORE not merged yet");
    }

    public Decision onClock(PendingClock clock, Instant now, EngineState state) {
        throw new UnsupportedOperationException("CORE not merged yet");
    }

    public Optional<CommandRejection> check(IncidentCommand command, Optional<Incident> incident) {
        throw new UnsupportedOperationException("CORE not merged yet");
    }
}
