package io.agentix.incident.ingest;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.service.IncidentServiceConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Configuration of ingest-service: the shared Kafka, registry and topic sections, and
 * {@code ingest} ({@link IngestSettings}): limits, timeouts and each source's credentials.
 */
public class IngestConfiguration extends IncidentServiceConfiguration {

    @Valid
    @NotNull
    private IngestSettings ingest = new IngestSettings();

    @JsonProperty("ingest")
    public IngestSettings getIngest() {
        return ingest;
    }

    @JsonProperty("ingest")
    public void setIngest(IngestSettings ingest) {
        this.ingest = ingest;
    }
}
