package io.agentix.incident.escalation;

import io.agentix.incident.service.IncidentServiceConfiguration;

/**
 * Configuration of escalation-streams. The streams settings and the policy file join here as later
 * issues add them.
 */
public class EscalationConfiguration extends IncidentServiceConfiguration {
}
