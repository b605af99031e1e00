package io.agentix.incident.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agentix.incident.events.TestEvents;
import io.agentix.incident.registry.MockSchemaRegistry;

class TopicSpecsTest {

    private static final String SCOPE = "topic-specs-test";
    private static final Map<String, Object> SERDE_CONFIG = Map.of("schema.registry.url", "mock://" + SCOPE);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void namesComeFromTheCatalogAndKeysAreStrings() {
        TopicCatalog catalog = TopicCatalog.from(3, (short) 1, Map.of("alerts", TopicSettings.named("prod.alerts")));

        TopicSpecs specs = TopicSpecs.create(catalog, SERDE_CONFIG);

        assertThat(specs.alerts().name()).isEqualTo("prod.alerts");
        assertThat(specs.incidents().name()).isEqualTo("incidents");
        byte[] key = specs.alerts().keySerializer().serialize("prod.alerts", "sentry:acme:1");
        assertThat(specs.alerts().keyDeserializer().deserialize("prod.alerts", key)).isEqualTo("sentry:acme:1");
    }

    @Test
    void everyTopicHasATypedSpecThatRoundTripsItsValueType() {
        TopicSpecs specs = TopicSpecs.create(TopicCatalog.defaults(), SERDE_CONFIG);
        Map<EventTopic, TopicSpec<String, ?>> accessors = new EnumMap<>(Map.of(
                EventTopic.WEBHOOKS_RAW, specs.rawWebhooks(), EventTopic.WEBHOOKS_REJECTED, specs.rejectedWebhooks(),
                EventTopic.ALERTS, specs.alerts(), EventTopic.DEPLOYMENTS, specs.deployments(),
                EventTopic.INCIDENT_COMMANDS, specs.incidentCommands(), EventTopic.INCIDENTS, specs.incidents(),
                EventTopic.INCIDENT_TIMELINE, specs.timeline(), EventTopic.ESCALATIONS, specs.escalations(),
                EventTopic.NOTIFICATIONS, specs.notifications(), EventTopic.NOTIFICATION_RECEIPTS, specs.receipts()));
        Map<EventTopic, SpecificRecord> samples = Map.of(
                EventTopic.WEBHOOKS_RAW, TestEvents.aRawWebhook().build(), EventTopic.WEBHOOKS_REJECTED, TestEvents.aRejectedWebhook().build(),
                EventTopic.ALERTS, TestEvents.anAlert().build(), EventTopic.DEPLOYMENTS, TestEvents.aDeployment().build(),
                EventTopic.INCIDENT_COMMANDS, TestEvents.anIncidentCommand().build(), EventTopic.INCIDENTS, TestEvents.anIncident().build(),
                EventTopic.INCIDENT_TIMELINE, TestEvents.aTimelineEntry().build(), EventTopic.ESCALATIONS, TestEvents.anEscalation().build(),
                EventTopic.NOTIFICATIONS, TestEvents.aNotification().build(), EventTopic.NOTIFICATION_RECEIPTS, TestEvents.aReceipt().build());

        assertThat(accessors).containsOnlyKeys(EventTopic.values());
        for (EventTopic topic : EventTopic.values()) {
            TopicSpec<String, ?> spec = accessors.get(topic);
            assertThat(spec).as(topic.name()).isSameAs(specs.forTopic(topic));
            assertThat(spec.name()).isEqualTo(topic.defaultName());
            SpecificRecord sample = samples.get(topic);
            assertThat(sample).isInstanceOf(topic.valueType());
            assertThat(roundTrip(spec, sample)).as(topic.name()).isEqualTo(sample);
        }
        assertThat(MockSchemaRegistry.forScope(SCOPE).subjects()).hasSize(EventTopic.values().length).contains("alerts-value");
    }

    @Test
    void serdeSettingsApplyToEveryValueSerde() {
        TopicSpecs specs = new TopicSpecs(TopicCatalog.defaults(), MockSchemaRegistry.forScope(SCOPE),
                Map.of("auto.register.schemas", "false"));

        assertThatThrownBy(() -> specs.alerts().valueSerializer().serialize("alerts", TestEvents.anAlert().build()))
                .hasMessageContaining("auto.register.schemas is false");
    }

    @Test
    void creatingWithoutARegistryUrlFailsNamingTheKey() {
        assertThatThrownBy(() -> TopicSpecs.create(TopicCatalog.defaults(), Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
    }

    @SuppressWarnings("unchecked")
    private static <V> V roundTrip(TopicSpec<String, V> spec, Object value) {
        Serializer<V> serializer = spec.valueSerializer();
        Deserializer<V> deserializer = spec.valueDeserializer();
        return deserializer.deserialize(spec.name(), serializer.serialize(spec.name(), (V) value));
    }
}
