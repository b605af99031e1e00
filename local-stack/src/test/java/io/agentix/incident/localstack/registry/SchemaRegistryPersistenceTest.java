package io.agentix.incident.localstack.registry;

import static io.agentix.incident.localstack.registry.AvroSchemaStrings.aRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.agentix.incident.localstack.EmbeddedKafkaBroker;

/** The registry's state lives in its Kafka topic, in Confluent's layout, and survives restarts. */
class SchemaRegistryPersistenceTest {

    private static final String ALERT_V1 = aRecord("Alert").withField("id", "string").json();
    private static final String ALERT_V2 = aRecord("Alert").withField("id", "string").withOptionalString("note").json();
    private static final String INCIDENT = aRecord("Incident").withField("incidentId", "string").json();

    private static EmbeddedKafkaBroker broker;
    private static Admin admin;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.ephemeral().start();
        admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()));
    }

    @AfterAll
    static void stopBroker() {
        if (admin != null) {
            admin.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void idsVersionsAndLevelsSurviveARestartAndTheNextSchemaGetsTheNextId() {
        String topic = "_schemas-restart";
        int alertV1;
        int alertV2;
        int incident;
        try (SchemaRegistryServer first = start(topic)) {
            RegistryHttpClient registry = new RegistryHttpClient(first.url());
            alertV1 = registry.register("alerts-value", ALERT_V1);
            alertV2 = registry.register("alerts-value", ALERT_V2);
            incident = registry.register("incidents-value", INCIDENT);
            registry.register("alerts-copy-value", ALERT_V1);
            registry.put("/config/incidents-value", "{\"compatibility\":\"FULL\"}");
            registry.put("/config", "{\"compatibility\":\"FORWARD\"}");
            registry.delete("/subjects/alerts-copy-value");
        }

        try (SchemaRegistryServer second = start(topic)) {
            RegistryHttpClient registry = new RegistryHttpClient(second.url());

            assertThat(registry.get("/subjects").json().toString()).isEqualTo("[\"alerts-value\",\"incidents-value\"]");
            assertThat(registry.get("/subjects/alerts-value/versions").json().toString()).isEqualTo("[1,2]");
            assertThat(registry.get("/subjects/alerts-value/versions/2").json().path("id").asInt()).isEqualTo(alertV2);
            assertThat(registry.get("/subjects/incidents-value/versions/1").json().path("id").asInt()).isEqualTo(incident);
            assertThat(registry.get("/schemas/ids/" + alertV1).status()).isEqualTo(200);
            assertThat(registry.get("/config/incidents-value").json().path("compatibilityLevel").asText()).isEqualTo("FULL");
            assertThat(registry.get("/config").json().path("compatibilityLevel").asText()).isEqualTo("FORWARD");
            assertThat(registry.get("/subjects?deleted=true").json().toString()).contains("alerts-copy-value");
            assertThat(registry.register("alerts-value", ALERT_V1)).isEqualTo(alertV1);

            int next = registry.register("deployments-value", aRecord("Deployment").withField("sha", "string").json());

            assertThat(next).isEqualTo(Math.max(alertV2, incident) + 1);
        }
    }

    @Test
    void createsACompactedSinglePartitionTopic() throws Exception {
        String topic = "_schemas-created";

        try (SchemaRegistryServer ignored = start(topic)) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void writesRecordsInConfluentLayout() {
        String topic = "_schemas-layout";
        int id;
        try (SchemaRegistryServer server = start(topic)) {
            RegistryHttpClient registry = new RegistryHttpClient(server.url());
            id = registry.register("alerts-value", ALERT_V1);
            registry.put("/config/alerts-value", "{\"compatibility\":\"FULL\"}");
            registry.put("/config", "{\"compatibility\":\"NONE\"}");
        }

        List<ConsumerRecord<String, String>> records = readAll(topic, 3);

        assertThat(records.get(0).key()).isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"alerts-value\",\"version\":1,\"magic\":1}");
        assertThat(records.get(0).value()).startsWith("{\"subject\":\"alerts-value\",\"version\":1,\"id\":" + id + ",\"schema\":\"")
                .endsWith(",\"deleted\":false}");
        assertThat(records.get(1).key()).isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"alerts-value\",\"magic\":0}");
        assertThat(records.get(1).value()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(records.get(2).key()).isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(records.get(2).value()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
    }

    @Test
    void servesATopicWrittenByConfluentSchemaRegistryAndSkipsRecordsItCannotUse() throws Exception {
        String topic = "_schemas-confluent";
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "{\"keytype\":\"NOOP\",\"magic\":0}", null));
            producer.send(new ProducerRecord<>(topic, "{\"keytype\":\"SCHEMA\",\"subject\":\"alerts-value\",\"version\":1,\"magic\":1}",
                    "{\"subject\":\"alerts-value\",\"version\":1,\"id\":41,\"schema\":" + quoted(ALERT_V1) + ",\"deleted\":false}"));
            producer.send(new ProducerRecord<>(topic, "not json", "garbage"));
            producer.send(new ProducerRecord<>(topic, "{\"keytype\":\"SCHEMA\",\"subject\":\"protos-value\",\"version\":1,\"magic\":1}",
                    "{\"subject\":\"protos-value\",\"version\":1,\"id\":42,\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}"));
            producer.send(new ProducerRecord<>(topic, "{\"keytype\":\"CONFIG\",\"subject\":\"alerts-value\",\"magic\":0}",
                    "{\"compatibilityLevel\":\"FULL_TRANSITIVE\",\"alias\":null}"));
            producer.send(new ProducerRecord<>(topic, "{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"x\",\"magic\":0}",
                    "{\"subject\":\"x\",\"version\":1}")).get();
        }

        try (SchemaRegistryServer server = start(topic)) {
            RegistryHttpClient registry = new RegistryHttpClient(server.url());

            assertThat(registry.get("/subjects").json().toString()).isEqualTo("[\"alerts-value\"]");
            assertThat(registry.get("/subjects/alerts-value/versions/latest").json().path("id").asInt()).isEqualTo(41);
            assertThat(registry.get("/config/alerts-value").json().path("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");
            // 42 belongs to the PROTOBUF schema this registry does not serve: it is never handed out again.
            assertThat(registry.register("alerts-value", ALERT_V2)).isEqualTo(43);
        }
    }

    @Test
    void refusesATopicWithSeveralPartitions() throws Exception {
        String topic = "_schemas-partitioned";
        admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();

        assertThatThrownBy(() -> start(topic))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topic)
                .hasMessageContaining("3 partitions");
    }

    private static SchemaRegistryServer start(String topic) {
        return SchemaRegistryServer.start(new SchemaRegistryServer.Config(broker.bootstrapServers(), "localhost", 0, topic));
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, int expected) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of("bootstrap.servers", broker.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        assertThat(records).as("records of %s", topic).hasSize(expected);
        return records;
    }

    private static String quoted(String text) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
    }
}
