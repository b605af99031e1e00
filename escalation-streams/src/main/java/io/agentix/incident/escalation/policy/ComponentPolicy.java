package io.agentix.incident.escalation.policy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.agentix.incident.events.AlertEvent;

/**
 * One component of the product (runbook section 1: core features inbox, builder, webhooks; everything
 * else is non-core).
 *
 * @param name the component's id, as alerts and incidents name it
 * @param core whether it is a core feature (a core component affected makes an incident at least P2)
 * @param owner person id of its owner: the "assigned engineer" for P3/P4; empty falls back to on-call
 * @param runbook the runbook to follow for it (runbook section 7)
 * @param matchers source signals that belong to it; any one matching is enough
 */
public record ComponentPolicy(
        String name, boolean core, Optional<String> owner, Optional<RunbookLink> runbook, List<ComponentMatcher> matchers) {

    public ComponentPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(runbook, "runbook");
        matchers = List.copyOf(matchers);
    }

    /** True when any of its matchers matches the alert. */
    public boolean matches(AlertEvent alert) {
        return matchers.stream().anyMatch(m -> m.matches(alert));
    }
}
