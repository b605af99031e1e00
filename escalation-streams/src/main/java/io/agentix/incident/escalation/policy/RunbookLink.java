package io.agentix.incident.escalation.policy;

import java.util.Objects;

/**
 * A labelled link to a runbook section, e.g. "Deployment Runbook — Rollback Procedures" at
 * {@code docs/runbooks/deployment.md#rollback-procedures} (runbook section 7, quick reference).
 */
public record RunbookLink(String label, String url) {

    public RunbookLink {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(url, "url");
    }
}
