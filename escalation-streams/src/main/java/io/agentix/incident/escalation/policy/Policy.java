package io.agentix.incident.escalation.policy;

import java.time.Duration;

/** TEMPORARY stub of the POLICY helper's model (contract in notes/escalation-contract.md); replaced on merge. */
public record Policy(String version, Duration recentDeployWindow) {
}
