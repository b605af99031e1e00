package io.agentix.incident.escalation.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.topics.EventTopic;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicCreator;
import io.agentix.incident.topics.TopicDefinition;
import io.dropwizard.lifecycle.Managed;

/**
 * Creates the catalog's missing topics when the application starts, before the streams instance
 * (registered after it) subscribes to them, and warns when {@code alerts} or
 * {@code incident-commands} do not have exactly one partition.
 *
 * <p>Why one: the engine correlates an alert with every open incident of its component and with
 * every incident holding its dedup key. That needs all of them in one stream task, so the topology
 * has no repartition hop, and with several partitions alerts of one component on different
 * partitions would open separate incidents. More instances are standbys, not shards.
 */
public final class EngineTopics implements Managed {

    /** The topics the engine needs to read from a single partition. */
    public static final List<EventTopic> SINGLE_PARTITION = List.of(EventTopic.ALERTS, EventTopic.INCIDENT_COMMANDS);

    private static final Logger LOG = LoggerFactory.getLogger(EngineTopics.class);

    private final Admin admin;
    private final TopicCatalog catalog;
    private final Duration timeout;

    public EngineTopics(Admin admin, TopicCatalog catalog, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Warnings about the configured partition counts of {@link #SINGLE_PARTITION}; empty when each
     * has one. Needs no broker, so it runs with the configuration.
     */
    public static List<String> configuredPartitionWarnings(TopicCatalog catalog) {
        List<String> warnings = new ArrayList<>();
        for (EventTopic topic : SINGLE_PARTITION) {
            TopicDefinition definition = catalog.definition(topic);
            if (definition.partitions() != 1) {
                warnings.add(warning(definition.name(), "is configured with", definition.partitions()));
            }
        }
        return warnings;
    }

    @Override
    public void start() throws InterruptedException, TimeoutException {
        List<String> created = new TopicCreator(admin).createMissing(catalog.all(), timeout.toMillis());
        if (!created.isEmpty()) {
            LOG.info("Created topics {}", created);
        }
        existingPartitionWarnings().forEach(LOG::warn);
    }

    /** Warnings about topics of {@link #SINGLE_PARTITION} that exist with another partition count. */
    List<String> existingPartitionWarnings() throws InterruptedException, TimeoutException {
        List<String> names = SINGLE_PARTITION.stream().map(catalog::name).toList();
        try {
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> warnings = new ArrayList<>();
            for (String name : names) {
                int partitions = descriptions.get(name).partitions().size();
                if (partitions != 1) {
                    warnings.add(warning(name, "has", partitions));
                }
            }
            return warnings;
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe topics " + names + ": " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private static String warning(String topic, String verb, int partitions) {
        return "Topic " + topic + " " + verb + " " + partitions + " partitions; the escalation engine expects 1."
                + " It correlates alerts of one component across dedup keys in a single stream task, so with"
                + " several partitions such alerts may open separate incidents (see README, Scaling).";
    }
}
