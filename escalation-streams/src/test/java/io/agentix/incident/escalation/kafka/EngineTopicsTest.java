package io.agentix.incident.escalation.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSettings;

class EngineTopicsTest {

    @Test
    void theShippedCatalogGivesAlertsAndCommandsOnePartitionAndNothingToWarnAbout() {
        assertThat(EngineTopics.configuredPartitionWarnings(TopicCatalog.from(6, (short) 1, Map.of()))).isEmpty();
    }

    @Test
    void aConfiguredCountOtherThanOneIsWarnedAboutNamingTheTopicAndWhy() {
        TopicCatalog catalog = TopicCatalog.from(6, (short) 1, Map.of(
                "alerts", new TopicSettings("prod.alerts", 6, null, null)));

        assertThat(EngineTopics.configuredPartitionWarnings(catalog)).singleElement().asString()
                .contains("prod.alerts is configured with 6 partitions")
                .contains("expects 1")
                .contains("separate incidents");
    }
}
