package io.agentix.incident.escalation.policy;

/**
 * When a severity level escalates from its first responder to its escalate-to role (runbook section 3,
 * "Escalation Trigger").
 */
public enum EscalationTrigger {
    /** P1/P2: the incident is not mitigated when the response time after detection has passed. */
    NOT_MITIGATED("not-mitigated"),
    /** P3: no progress (no command) for the response time; the clock restarts on every command. */
    NO_PROGRESS("no-progress"),
    /** P4: never escalates. */
    NONE("none");

    private final String yamlName;

    EscalationTrigger(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The spelling in the policy file, e.g. {@code not-mitigated}. */
    public String yamlName() {
        return yamlName;
    }
}
