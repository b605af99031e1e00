package io.agentix.incident.testing;

import static io.agentix.incident.events.TestEvents.aDeployment;
import static io.agentix.incident.events.TestEvents.aNotification;
import static io.agentix.incident.events.TestEvents.aRawWebhook;
import static io.agentix.incident.events.TestEvents.aReceipt;
import static io.agentix.incident.events.TestEvents.aRejectedWebhook;
import static io.agentix.incident.events.TestEvents.aTimelineEntry;
import static io.agentix.incident.events.TestEvents.anAlert;
import static io.agentix.incident.events.TestEvents.anEscalation;
import static io.agentix.incident.events.TestEvents.anIncident;
import static io.agentix.incident.events.TestEvents.anIncidentCommand;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.agentix.incident.localstack.registry.SchemaRegistryServer;
import io.agentix.incident.registry.HttpSchemaRegistryClient;
import io.agentix.incident.registry.SchemaRegistryClient;
import io.agentix.incident.registry.SchemaRegistryClientConfig;
import io.agentix.incident.serde.SpecificAvroDeserializer;
import io.agentix.incident.topics.EventTopic;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpec;
import io.agentix.incident.topics.TopicSpecs;

/**
 * The whole Avro contract against real infrastructure: every event type goes through the
 * Confluent wire-format serde, registering its schema in the local schema registry (over HTTP),
 * onto its topic on a real broker, and comes back equal; after a registry restart the same
 * subjects resolve to the same ids and old records still decode.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventContractOnBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final TopicCatalog CATALOG = TopicCatalog.from(1, (short) 1, Map.of());
    private static final Map<EventTopic, SpecificRecord> SAMPLES = samples();
    private static SchemaRegistryServer registry;
    private static final Map<String, Integer> IDS_BEFORE_RESTART = new java.util.HashMap<>();

    @BeforeAll
    static void startRegistry() {
        KAFKA.cluster().createTopics(CATALOG);
        registry = startRegistryServer();
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void everyEventTypeRoundTripsThroughTheRegistryAndTheBroker() throws Exception {
        TopicSpecs specs = TopicSpecs.create(CATALOG, Map.of("schema.registry.url", registry.url()));
        for (EventTopic topic : EventTopic.values()) {
            produce(specs.forTopic(topic), SAMPLES.get(topic));
        }
        for (EventTopic topic : EventTopic.values()) {
            TopicSpec<String, ? extends SpecificRecord> spec = specs.forTopic(topic);
            List<? extends ConsumerRecord<String, ? extends SpecificRecord>> records = TopicRecords.readAll(
                    KAFKA.cluster(), spec.name(), spec.keyDeserializer(), spec.valueDeserializer(), Duration.ofSeconds(20));
            assertThat(records).as(spec.name()).singleElement()
                    .satisfies(r -> assertThat(r.value()).isEqualTo(SAMPLES.get(topic)));
        }

        SchemaRegistryClient client = new HttpSchemaRegistryClient(SchemaRegistryClientConfig.of(registry.url()));
        for (EventTopic topic : EventTopic.values()) {
            String subject = CATALOG.name(topic) + "-value";
            int id = client.lookup(subject, SAMPLES.get(topic).getSchema()).id();
            IDS_BEFORE_RESTART.put(subject, id);
        }
        assertThat(IDS_BEFORE_RESTART.values()).doesNotHaveDuplicates().hasSize(EventTopic.values().length);
    }

    @Test
    @Order(2)
    void aRestartedRegistryKeepsTheIdsAndOldRecordsStillDecode() {
        assertThat(IDS_BEFORE_RESTART).as("runs after the round trip").isNotEmpty();
        registry.close();
        registry = startRegistryServer();

        SchemaRegistryClient fresh = new HttpSchemaRegistryClient(SchemaRegistryClientConfig.of(registry.url()));
        for (EventTopic topic : EventTopic.values()) {
            String subject = CATALOG.name(topic) + "-value";
            assertThat(fresh.lookup(subject, SAMPLES.get(topic).getSchema()).id()).as(subject)
                    .isEqualTo(IDS_BEFORE_RESTART.get(subject));
        }
        // A deserializer that has never seen these ids fetches them from the restarted registry.
        SpecificAvroDeserializer<io.agentix.incident.events.AlertEvent> alerts =
                new SpecificAvroDeserializer<>(fresh, io.agentix.incident.events.AlertEvent.class);
        List<ConsumerRecord<String, io.agentix.incident.events.AlertEvent>> records = TopicRecords.readAll(
                KAFKA.cluster(), CATALOG.name(EventTopic.ALERTS), new StringDeserializer(), alerts, Duration.ofSeconds(20));
        assertThat(records).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(SAMPLES.get(EventTopic.ALERTS)));
    }

    private static SchemaRegistryServer startRegistryServer() {
        return SchemaRegistryServer.start(new SchemaRegistryServer.Config(
                KAFKA.cluster().bootstrapServers(), "localhost", 0, SchemaRegistryServer.DEFAULT_TOPIC));
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> void produce(TopicSpec<String, V> spec, SpecificRecord value) throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(KAFKA.cluster().producerConfig(),
                new StringSerializer(), spec.valueSerializer())) {
            producer.send(new ProducerRecord<>(spec.name(), "key-" + spec.name(), (V) value)).get();
        }
    }

    private static Map<EventTopic, SpecificRecord> samples() {
        Map<EventTopic, SpecificRecord> samples = new EnumMap<>(EventTopic.class);
        samples.put(EventTopic.WEBHOOKS_RAW, aRawWebhook().build());
        samples.put(EventTopic.WEBHOOKS_REJECTED, aRejectedWebhook().build());
        samples.put(EventTopic.ALERTS, anAlert().build());
        samples.put(EventTopic.DEPLOYMENTS, aDeployment().build());
        samples.put(EventTopic.INCIDENT_COMMANDS, anIncidentCommand().build());
        samples.put(EventTopic.INCIDENTS, anIncident().build());
        samples.put(EventTopic.INCIDENT_TIMELINE, aTimelineEntry().build());
        samples.put(EventTopic.ESCALATIONS, anEscalation().build());
        samples.put(EventTopic.NOTIFICATIONS, aNotification().build());
        samples.put(EventTopic.NOTIFICATION_RECEIPTS, aReceipt().build());
        assertThat(samples.keySet()).containsExactlyInAnyOrder(EventTopic.values());
        return samples;
    }
}
