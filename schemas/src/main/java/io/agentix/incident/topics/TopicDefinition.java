package io.agentix.incident.topics;

import java.util.Map;
import java.util.Objects;

/** A fully resolved topic: the physical name and everything needed to create it. */
public record TopicDefinition(EventTopic topic, String name, int partitions, short replicationFactor,
                              Map<String, String> configs) {

    public TopicDefinition {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic " + topic.defaultName() + ": name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, was " + partitions);
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + ": replicationFactor must be at least 1, was " + replicationFactor);
        }
        configs = Map.copyOf(configs);
    }
}
