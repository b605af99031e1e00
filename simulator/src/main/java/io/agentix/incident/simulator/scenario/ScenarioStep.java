package io.agentix.incident.simulator.scenario;

import java.time.Instant;

/**
 * One line of a scenario: something that happens at {@link #at()}. Before a step runs, the
 * simulator moves the wall clock to {@code at}, firing every clock due on the way.
 */
public sealed interface ScenarioStep permits WebhookStep, CommandStep, TickStep {

    /** 1-based line number in the scenario file, for error messages and deterministic ids. */
    int line();

    /** When it happens (UTC). */
    Instant at();
}
