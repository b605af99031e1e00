package io.agentix.incident.topics;

import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Physical settings of one topic as configured: name, partitions, replication factor and topic
 * configs. Any field left out takes the catalog's default.
 */
public record TopicSettings(String name, Integer partitions, Short replicationFactor, Map<String, String> configs) {

    @JsonCreator
    public TopicSettings(@JsonProperty("name") String name,
                         @JsonProperty("partitions") Integer partitions,
                         @JsonProperty("replicationFactor") Short replicationFactor,
                         @JsonProperty("configs") Map<String, String> configs) {
        this.name = name;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.configs = configs == null ? Map.of() : Map.copyOf(configs);
    }

    public static TopicSettings named(String name) {
        return new TopicSettings(Objects.requireNonNull(name, "name"), null, null, Map.of());
    }
}
