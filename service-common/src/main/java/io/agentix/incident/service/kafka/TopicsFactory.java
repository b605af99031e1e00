package io.agentix.incident.service.kafka;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.topics.EventTopic;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSettings;
import io.dropwizard.validation.selfvalidating.SelfValidating;
import io.dropwizard.validation.selfvalidating.SelfValidation;
import io.dropwizard.validation.selfvalidating.ViolationCollector;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The topics of the engine as configured, resolved into a {@link TopicCatalog}.
 *
 * <pre>
 * topics:
 *   defaultPartitions: 6
 *   defaultReplicationFactor: 1
 *   topics:                       # keyed by the topic's default name, see EventTopic
 *     alerts: {name: prod.alerts, partitions: 12, configs: {retention.ms: "604800000"}}
 * </pre>
 *
 * <p>The catalog is built during configuration validation as well, so an unknown key, a name used
 * twice or a bad setting fails at start-up as a configuration error that names the key.
 */
@SelfValidating
public class TopicsFactory {

    @Min(1)
    private int defaultPartitions = TopicCatalog.DEFAULT_PARTITIONS;

    @Min(1)
    @Max(Short.MAX_VALUE)
    private int defaultReplicationFactor = 1;

    @NotNull
    private Map<String, TopicSettings> topics = Map.of();

    @JsonProperty
    public int getDefaultPartitions() {
        return defaultPartitions;
    }

    @JsonProperty
    public void setDefaultPartitions(int defaultPartitions) {
        this.defaultPartitions = defaultPartitions;
    }

    @JsonProperty
    public int getDefaultReplicationFactor() {
        return defaultReplicationFactor;
    }

    @JsonProperty
    public void setDefaultReplicationFactor(int defaultReplicationFactor) {
        this.defaultReplicationFactor = defaultReplicationFactor;
    }

    @JsonProperty
    public Map<String, TopicSettings> getTopics() {
        return topics;
    }

    @JsonProperty
    public void setTopics(Map<String, TopicSettings> topics) {
        this.topics = topics;
    }

    /**
     * Resolves every {@link EventTopic} against this configuration.
     *
     * @throws IllegalArgumentException naming the offending key, as {@link TopicCatalog#from} does
     */
    public TopicCatalog build() {
        return TopicCatalog.from(defaultPartitions, (short) defaultReplicationFactor, topics);
    }

    @SelfValidation
    public void validateCatalog(ViolationCollector violations) {
        if (topics == null || defaultPartitions < 1 || defaultReplicationFactor < 1
                || defaultReplicationFactor > Short.MAX_VALUE) {
            return; // reported by the field constraints
        }
        topics.forEach((key, settings) -> {
            if (settings == null) {
                violations.addViolation("topics", "{problem}",
                        Map.of("problem", "topic '" + key + "' has no settings; leave the key out to use the defaults"));
            }
        });
        if (violations.hasViolationOccurred()) {
            return;
        }
        try {
            build();
        } catch (IllegalArgumentException e) {
            violations.addViolation("topics", "{problem}", Map.of("problem", e.getMessage()));
        }
    }
}
