package io.agentix.incident.simulator.scenario;

import java.time.Instant;
import java.util.Objects;

/** {@code "tick": true}: only moves the wall clock to {@code at}, firing the clocks due by then. */
public record TickStep(int line, Instant at) implements ScenarioStep {

    public TickStep {
        Objects.requireNonNull(at, "at");
    }
}
