package io.agentix.incident.topics;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every topic of the engine resolved from configuration: the one place that maps a logical
 * {@link EventTopic} to its physical name and settings. Built once at start-up and passed to
 * whatever needs topic names; nothing else hard-codes them.
 */
public final class TopicCatalog {

    /** Partitions of a topic without a partition count of its own ({@link EventTopic#defaultPartitions()}). */
    public static final int DEFAULT_PARTITIONS = 6;

    private final Map<EventTopic, TopicDefinition> definitions;

    private TopicCatalog(Map<EventTopic, TopicDefinition> definitions) {
        this.definitions = definitions;
    }

    /**
     * The shipped catalog: default names, {@value #DEFAULT_PARTITIONS} partitions (one for the topics
     * that have their own default, see {@link EventTopic#defaultPartitions()}), replication factor 1.
     */
    public static TopicCatalog defaults() {
        return from(DEFAULT_PARTITIONS, (short) 1, Map.of());
    }

    /**
     * Builds the catalog from configuration.
     *
     * @param defaultPartitions partitions of topics that neither the configuration nor
     *     {@link EventTopic#defaultPartitions()} give a count of their own
     * @param defaultReplicationFactor replication factor of topics that do not set their own
     * @param overrides per topic, keyed by the topic's default name (e.g. {@code "alerts"})
     * @throws IllegalArgumentException naming the offending key for an unknown topic, a duplicate
     *     physical name or an invalid setting
     */
    public static TopicCatalog from(int defaultPartitions, short defaultReplicationFactor,
                                    Map<String, TopicSettings> overrides) {
        Map<EventTopic, TopicSettings> byTopic = new EnumMap<>(EventTopic.class);
        overrides.forEach((key, settings) -> byTopic.put(EventTopic.byKey(key), settings));
        Map<EventTopic, TopicDefinition> definitions = new EnumMap<>(EventTopic.class);
        Set<String> names = new HashSet<>();
        for (EventTopic topic : EventTopic.values()) {
            TopicSettings s = byTopic.getOrDefault(topic, TopicSettings.named(topic.defaultName()));
            Map<String, String> configs = new HashMap<>(topic.defaultConfigs());
            configs.put("cleanup.policy", topic.compacted() ? "compact" : "delete");
            configs.putAll(s.configs());
            TopicDefinition definition = new TopicDefinition(topic,
                    s.name() == null ? topic.defaultName() : s.name(),
                    s.partitions() != null ? s.partitions() : topic.defaultPartitions().orElse(defaultPartitions),
                    s.replicationFactor() == null ? defaultReplicationFactor : s.replicationFactor(),
                    configs);
            if (!names.add(definition.name())) {
                throw new IllegalArgumentException("topic name '" + definition.name() + "' is configured for more than one topic");
            }
            definitions.put(topic, definition);
        }
        return new TopicCatalog(definitions);
    }

    public TopicDefinition definition(EventTopic topic) {
        return definitions.get(topic);
    }

    /** Physical name of a topic. */
    public String name(EventTopic topic) {
        return definitions.get(topic).name();
    }

    public Collection<TopicDefinition> all() {
        return List.copyOf(definitions.values());
    }
}
