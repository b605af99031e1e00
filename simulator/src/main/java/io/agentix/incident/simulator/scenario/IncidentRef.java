package io.agentix.incident.simulator.scenario;

import java.util.Objects;

/**
 * Which incident a scenario command is about: {@code "#N"}, the N-th distinct incident that appeared
 * on {@code incidents} in this run (counting from 1), or a literal incident id (which need not
 * exist: commands about unknown incidents are how a scenario shows a rejection).
 */
public record IncidentRef(int ordinal, String incidentId) {

    public IncidentRef {
        if ((ordinal > 0) == (incidentId != null)) {
            throw new IllegalArgumentException("an IncidentRef is either an ordinal (> 0) or an id, got "
                    + ordinal + " and " + incidentId);
        }
    }

    public static IncidentRef ordinal(int n) {
        return new IncidentRef(n, null);
    }

    public static IncidentRef id(String incidentId) {
        return new IncidentRef(0, Objects.requireNonNull(incidentId, "incidentId"));
    }

    public boolean isOrdinal() {
        return ordinal > 0;
    }

    @Override
    public String toString() {
        return isOrdinal() ? "#" + ordinal : incidentId;
    }
}
