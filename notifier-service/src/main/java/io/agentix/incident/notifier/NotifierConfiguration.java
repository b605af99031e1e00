package io.agentix.incident.notifier;

import io.agentix.incident.service.IncidentServiceConfiguration;

/**
 * Configuration of notifier-service. SMTP and paging channels join here as later issues add them.
 */
public class NotifierConfiguration extends IncidentServiceConfiguration {
}
