package io.agentix.incident.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TopicCatalogTest {

    @Test
    void defaultsUseTheDesignNamesAndCompactTheStateTopics() {
        TopicCatalog catalog = TopicCatalog.defaults();
        assertThat(catalog.name(EventTopic.ALERTS)).isEqualTo("alerts");
        assertThat(catalog.name(EventTopic.WEBHOOKS_RAW)).isEqualTo("webhooks.raw");
        assertThat(catalog.definition(EventTopic.INCIDENTS).configs()).containsEntry("cleanup.policy", "compact");
        assertThat(catalog.definition(EventTopic.ALERTS).configs()).containsEntry("cleanup.policy", "delete");
        assertThat(catalog.all()).hasSize(EventTopic.values().length);
    }

    @Test
    void overridesRenameAndResizeSingleTopics() {
        TopicCatalog catalog = TopicCatalog.from(3, (short) 3, Map.of(
                "alerts", new TopicSettings("prod.alerts", 12, null, Map.of("retention.ms", "1000"))));
        TopicDefinition alerts = catalog.definition(EventTopic.ALERTS);
        assertThat(alerts.name()).isEqualTo("prod.alerts");
        assertThat(alerts.partitions()).isEqualTo(12);
        assertThat(alerts.replicationFactor()).isEqualTo((short) 3);
        assertThat(alerts.configs()).containsEntry("retention.ms", "1000");
        assertThat(catalog.definition(EventTopic.INCIDENTS).partitions()).isEqualTo(3);
    }

    @Test
    void alertsAndCommandsDefaultToOnePartitionTheOthersToTheCatalogDefault() {
        TopicCatalog catalog = TopicCatalog.from(6, (short) 1, Map.of());

        assertThat(catalog.definition(EventTopic.ALERTS).partitions()).isEqualTo(1);
        assertThat(catalog.definition(EventTopic.INCIDENT_COMMANDS).partitions()).isEqualTo(1);
        assertThat(catalog.all()).filteredOn(topic -> topic.topic() != EventTopic.ALERTS
                        && topic.topic() != EventTopic.INCIDENT_COMMANDS)
                .extracting(TopicDefinition::partitions).containsOnly(6);
    }

    @Test
    void aConfiguredPartitionCountWinsOverATopicsOwnDefault() {
        TopicCatalog catalog = TopicCatalog.from(6, (short) 1, Map.of(
                "incident-commands", new TopicSettings(null, 4, null, null)));

        assertThat(catalog.definition(EventTopic.INCIDENT_COMMANDS).partitions()).isEqualTo(4);
        assertThat(catalog.definition(EventTopic.ALERTS).partitions()).isEqualTo(1);
    }

    @Test
    void rejectsUnknownTopicsAndDuplicateNames() {
        assertThatThrownBy(() -> TopicCatalog.from(1, (short) 1, Map.of("alertz", TopicSettings.named("x"))))
                .hasMessageContaining("unknown topic 'alertz'");
        assertThatThrownBy(() -> TopicCatalog.from(1, (short) 1, Map.of("alerts", TopicSettings.named("incidents"))))
                .hasMessageContaining("'incidents' is configured for more than one topic");
    }

    @Test
    void rejectsInvalidPartitions() {
        assertThatThrownBy(() -> TopicCatalog.from(1, (short) 1, Map.of("alerts", new TopicSettings(null, 0, null, null))))
                .hasMessageContaining("partitions must be at least 1");
    }
}
