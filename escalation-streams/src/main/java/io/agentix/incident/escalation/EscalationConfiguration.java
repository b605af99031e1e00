package io.agentix.incident.escalation;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.escalation.kafka.StreamsFactory;
import io.agentix.incident.escalation.policy.FastClocks;
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
 * Kafka Streams instance ({@link StreamsFactory}), the policy file and the operator API
 * ({@link OperatorApiSettings}).
 *
 * <pre>
 * streams: {applicationId: escalation-streams, stateDir: var/streams, commitInterval: 10ms, fastClocks: 1}
 * policyFile: /etc/incident-engine/policy.yml   # optional; absent or blank: the shipped default (the runbook)
 * operatorApi: {tokens: {alice: "${ALICE_OPERATOR_TOKEN}"}, protectReads: false}
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
    private Policy loadedPolicy;

    @JsonIgnore
    private Policy policy;

    @Valid
    @NotNull
    private OperatorApiSettings operatorApi = new OperatorApiSettings();

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
        this.loadedPolicy = null;
        this.policy = null;
    }

    /**
     * The policy the engine runs on, loaded once, with its durations divided by {@code streams.fastClocks}
     * when that is above 1 ({@link FastClocks}).
     *
     * @throws PolicyException when the file is missing or invalid (validation reports it first)
     * @throws IllegalArgumentException when streams.fastClocks is out of range (validation reports it first)
     */
    @JsonIgnore
    public Policy getPolicy() {
        if (loadedPolicy == null) {
            loadedPolicy = getPolicyFile().map(file -> PolicyLoader.load(Path.of(file))).orElseGet(PolicyLoader::shipped);
        }
        // Compared on each call: Jackson may set streams after a first getPolicy().
        if (policy == null || FastClocks.factorOf(policy) != streams.getFastClocks()) {
            policy = FastClocks.apply(loadedPolicy, streams.getFastClocks());
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
        } catch (IllegalArgumentException e) {
            // streams.fastClocks out of range: its own constraint names the field already.
        }
    }

    @JsonProperty("operatorApi")
    public OperatorApiSettings getOperatorApi() {
        return operatorApi;
    }

    @JsonProperty("operatorApi")
    public void setOperatorApi(OperatorApiSettings operatorApi) {
        this.operatorApi = operatorApi;
    }
}
