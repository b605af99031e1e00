package io.agentix.incident.escalation;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.escalation.kafka.StreamsFactory;
import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.escalation.policy.PolicyException;
import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.service.IncidentServiceConfiguration;
import io.dropwizard.validation.selfvalidating.SelfValidating;
import io.dropwizard.validation.selfvalidating.SelfValidation;
import io.dropwizard.validation.selfvalidating.ViolationCollector;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Configuration of escalation-streams: the shared Kafka, schema-registry and topic sections, the
 * Kafka Streams instance ({@link StreamsFactory}) and the policy file.
 *
 * <pre>
 * streams: {applicationId: escalation-streams, stateDir: var/streams, commitInterval: 10ms}
 * policyFile: /etc/incident-engine/policy.yml   # optional; absent or blank: the shipped default (the runbook)
 * </pre>
 *
 * <p>The policy is loaded and validated with the configuration, so a bad policy stops the start like
 * any other configuration error, with its {@code <file>:<line>:<column>: <reason>}.
 */
@SelfValidating
public class EscalationConfiguration extends IncidentServiceConfiguration {

    @Valid
    @NotNull
    private StreamsFactory streams = new StreamsFactory();

    private String policyFile;

    @JsonIgnore
    private Policy policy;

    @JsonProperty("streams")
    public StreamsFactory getStreams() {
        return streams;
    }

    @JsonProperty("streams")
    public void setStreams(StreamsFactory streams) {
        this.streams = streams;
    }

    /** The policy file as configured (a relative path is read from the working directory); empty: the shipped default. */
    @JsonProperty("policyFile")
    public Optional<String> getPolicyFile() {
        return Optional.ofNullable(policyFile).filter(file -> !file.isBlank());
    }

    @JsonProperty("policyFile")
    public void setPolicyFile(String policyFile) {
        this.policyFile = policyFile;
        this.policy = null;
    }

    /**
     * The policy the engine runs on, loaded once.
     *
     * @throws PolicyException when the file is missing or invalid (validation reports it first)
     */
    @JsonIgnore
    public Policy getPolicy() {
        if (policy == null) {
            policy = getPolicyFile().map(file -> PolicyLoader.load(Path.of(file))).orElseGet(PolicyLoader::shipped);
        }
        return policy;
    }

    @SelfValidation
    public void validatePolicy(ViolationCollector violations) {
        try {
            getPolicy();
        } catch (PolicyException e) {
            // Passed as a parameter, not as the template: a policy text may contain "${" or "{".
            violations.addViolation("policyFile", "{problem}", Map.of("problem", e.getMessage()));
        }
    }
}
