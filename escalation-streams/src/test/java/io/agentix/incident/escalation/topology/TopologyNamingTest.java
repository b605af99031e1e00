package io.agentix.incident.escalation.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyDescription.GlobalStore;
import org.apache.kafka.streams.TopologyDescription.Node;
import org.apache.kafka.streams.TopologyDescription.Processor;
import org.apache.kafka.streams.TopologyDescription.Sink;
import org.apache.kafka.streams.TopologyDescription.Source;
import org.apache.kafka.streams.TopologyDescription.Subtopology;
import org.junit.jupiter.api.Test;

import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpecs;

/**
 * Every node and store of the topology has the name it was given: a generated name shifts when the
 * topology changes and orphans the state (and changelog) behind it.
 */
class TopologyNamingTest {

    private final TopologyDescription description = EscalationTopology.build(new EscalationTopologyConfig(
            TopicSpecs.create(TopicCatalog.defaults(), Map.of("schema.registry.url", "mock://" + UUID.randomUUID())),
            PolicyLoader.shipped())).describe();

    @Test
    void oneSubTopologyWithExactlyTheNamedNodes() {
        assertThat(description.subtopologies()).hasSize(1);
        Subtopology subtopology = description.subtopologies().iterator().next();

        assertThat(names(subtopology.nodes())).containsExactlyInAnyOrder(EscalationTopology.ALERTS_SOURCE,
                EscalationTopology.COMMANDS_SOURCE, EscalationTopology.INCIDENT_PROCESSOR,
                EscalationTopology.INCIDENTS_SINK, EscalationTopology.TIMELINE_SINK,
                EscalationTopology.ESCALATIONS_SINK, EscalationTopology.NOTIFICATIONS_SINK);
    }

    @Test
    void sourcesReadAlertsAndCommandsIntoTheIncidentProcessorWhichWritesTheFourOutputTopics() {
        Map<String, Node> nodes = description.subtopologies().iterator().next().nodes().stream()
                .collect(Collectors.toMap(Node::name, node -> node));

        assertThat(((Source) nodes.get(EscalationTopology.ALERTS_SOURCE)).topicSet()).containsExactly("alerts");
        assertThat(((Source) nodes.get(EscalationTopology.COMMANDS_SOURCE)).topicSet())
                .containsExactly("incident-commands");
        assertThat(names(nodes.get(EscalationTopology.INCIDENT_PROCESSOR).predecessors()))
                .containsExactlyInAnyOrder(EscalationTopology.ALERTS_SOURCE, EscalationTopology.COMMANDS_SOURCE);
        assertThat(nodes.values()).filteredOn(Sink.class::isInstance).map(node -> ((Sink) node).topic())
                .containsExactlyInAnyOrder("incidents", "incident-timeline", "escalations", "notifications");
    }

    @Test
    void theIncidentProcessorHasExactlyTheNamedStores() {
        Processor processor = (Processor) description.subtopologies().iterator().next().nodes().stream()
                .filter(node -> node.name().equals(EscalationTopology.INCIDENT_PROCESSOR)).findFirst().orElseThrow();

        Set<String> expected = new HashSet<>(StoreNames.ALL);
        expected.remove(StoreNames.MAIN_DEPLOYS);
        assertThat(processor.stores()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(StoreNames.INDEX).isEqualTo("engine-index-store");
        assertThat(StoreNames.INCIDENTS).isEqualTo("incidents-store");
        assertThat(StoreNames.TIMELINE).isEqualTo("incident-timeline-store");
    }

    @Test
    void deploymentsFeedTheNamedGlobalStore() {
        assertThat(description.globalStores()).hasSize(1);
        GlobalStore global = description.globalStores().iterator().next();

        assertThat(global.source().name()).isEqualTo(EscalationTopology.DEPLOYMENTS_SOURCE);
        assertThat(global.source().topicSet()).containsExactly("deployments");
        assertThat(global.processor().name()).isEqualTo(EscalationTopology.MAIN_DEPLOYS_PROCESSOR);
        assertThat(global.processor().stores()).containsExactly(StoreNames.MAIN_DEPLOYS);
    }

    @Test
    void everyNodeIsDeclaredAndNothingIsGeneratedOrRepartitioned() {
        List<String> all = description.subtopologies().stream().flatMap(s -> s.nodes().stream()).map(Node::name)
                .collect(Collectors.toList());
        description.globalStores().forEach(global -> {
            all.add(global.source().name());
            all.add(global.processor().name());
        });

        assertThat(all).containsExactlyInAnyOrderElementsOf(EscalationTopology.ALL_NODES);
        assertThat(description.toString()).doesNotContain("KSTREAM-").doesNotContain("KTABLE-")
                .doesNotContain("-repartition");
    }

    private static Set<String> names(Set<? extends Node> nodes) {
        return nodes.stream().map(Node::name).collect(Collectors.toSet());
    }
}
