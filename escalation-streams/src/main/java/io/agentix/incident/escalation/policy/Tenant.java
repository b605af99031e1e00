package io.agentix.incident.escalation.policy;

import java.util.List;
import java.util.Objects;

/**
 * A customer. Its contacts receive the customer notices (runbook section 5) of P1/P2 incidents that
 * affect it. A tenant without contacts is valid but reported ({@link Policy#tenantsWithoutContacts()}):
 * the engine notes on the incident that nobody could be told, rather than skipping it silently.
 */
public record Tenant(String id, String name, List<String> contacts) {

    public Tenant {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        contacts = List.copyOf(contacts);
    }

    public boolean hasContacts() {
        return !contacts.isEmpty();
    }
}
