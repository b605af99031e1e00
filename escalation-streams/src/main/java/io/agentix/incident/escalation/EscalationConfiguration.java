package io.agentix.incident.escalation;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.escalation.kafka.StreamsFactory;
import io.agentix.incident.service.IncidentServiceConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Configuration of escalation-streams: the shared Kafka, schema-registry and topic sections, the
 * Kafka Streams instance ({@link StreamsFactory}) and the policy file.
 *
 * <pre>
 * streams: {applicationId: escalation-streams, stateDir: var/streams, commitInterval: 10ms}
 * policyFile: /etc/incident-engine/policy.yml   # optional; default: the shipped policy
 * </pre>
 */
public class EscalationConfiguration extends IncidentServiceConfiguration {

    @Valid
    @NotNull
    private StreamsFactory streams;

    private String policyFile;

    @JsonProperty("streams")
    public StreamsFactory getStreams() {
        return streams;
    }

    @JsonProperty("streams")
    public void setStreams(StreamsFactory streams) {
        this.streams = streams;
    }

    /** Path of the policy YAML; null for the shipped default (the runbook as written). */
    @JsonProperty("policyFile")
    public String getPolicyFile() {
        return policyFile;
    }

    @JsonProperty("policyFile")
    public void setPolicyFile(String policyFile) {
        this.policyFile = policyFile;
    }
}
