package io.agentix.incident.simulator.scenario;

import java.time.Instant;
import java.util.Objects;

import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Severity;

/**
 * An operator command, published on {@code incident-commands} as the operator API would. Fields
 * the action does not use are passed on all the same: the engine decides what is valid.
 *
 * @param incident which incident
 * @param by the person issuing it
 * @param severity for set-severity, or null
 */
public record CommandStep(int line, Instant at, IncidentRef incident, CommandAction action, String by,
                          String message, String assignee, Severity severity, String reason, String rootCause,
                          String impact, String prevention) implements ScenarioStep {

    public CommandStep {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(by, "by");
    }
}
