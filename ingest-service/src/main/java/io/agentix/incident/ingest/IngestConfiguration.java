package io.agentix.incident.ingest;

import io.agentix.incident.service.IncidentServiceConfiguration;

/**
 * Configuration of ingest-service. The webhook sources and producer settings join here as later
 * issues add them.
 */
public class IngestConfiguration extends IncidentServiceConfiguration {
}
