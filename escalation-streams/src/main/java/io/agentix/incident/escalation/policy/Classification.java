package io.agentix.incident.escalation.policy;

import java.util.OptionalInt;

/**
 * Classification knobs beyond the runbook's decision guide.
 *
 * @param allTenantsThreshold when present, this many affected tenants count as "all tenants" (P1);
 *     when empty, only an alert's allTenants flag or every known tenant affected does
 */
public record Classification(OptionalInt allTenantsThreshold) {

    public static Classification defaults() {
        return new Classification(OptionalInt.empty());
    }
}
