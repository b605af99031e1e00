package io.agentix.incident.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicDefinition;

/**
 * What every {@link KafkaCluster} must do, written once and run by one subclass per kind. A
 * subclass registers a {@link KafkaClusterExtension} that makes its kind; the tests take the
 * cluster as a parameter.
 */
abstract class KafkaClusterContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private KafkaCluster cluster;

    /** The {@link KafkaCluster#kind()} the subclass's extension makes. */
    abstract String expectedKind();

    @BeforeEach
    void useCluster(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void isOfTheKindItsExtensionMakes() {
        assertThat(cluster.kind()).isEqualTo(expectedKind());
    }

    @Test
    void consumesBackWhatAnIdempotentProducerSent() throws Exception {
        cluster.createTopic("contract.round-trip", 3, Map.of());
        List<String> sent = IntStream.range(0, 20).mapToObj(i -> "value-" + i).toList();
        try (KafkaProducer<String, String> producer = producer(cluster.producerConfig())) {
            for (String value : sent) {
                producer.send(new ProducerRecord<>("contract.round-trip", "key-" + value, value)).get(30, TimeUnit.SECONDS);
            }
        }

        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cluster.consumerConfig("contract.round-trip"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("contract.round-trip"));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
            }
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void createsEveryCatalogTopicWithItsPartitionsAndCleanupPolicy() throws Exception {
        TopicCatalog catalog = TopicCatalog.defaults();

        cluster.createTopics(catalog);
        cluster.createTopics(catalog); // existing topics are left as they are, not an error

        List<String> names = catalog.all().stream().map(TopicDefinition::name).toList();
        Map<String, TopicDescription> descriptions = cluster.admin().describeTopics(names).allTopicNames()
                .get(30, TimeUnit.SECONDS);
        Map<ConfigResource, Config> configs = cluster.admin().describeConfigs(names.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList())
                .all().get(30, TimeUnit.SECONDS);
        for (TopicDefinition definition : catalog.all()) {
            assertThat(descriptions.get(definition.name()).partitions())
                    .as("partitions of %s", definition.name())
                    .hasSize(definition.partitions());
            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, definition.name()))
                    .get("cleanup.policy").value())
                    .as("cleanup.policy of %s", definition.name())
                    .isEqualTo(definition.configs().get("cleanup.policy"));
        }
    }

    @Test
    void sendTimesOutWhileTheBrokerIsStoppedAndEveryAcknowledgedRecordIsReadOnceAfterItsRestart() throws Exception {
        cluster.createTopic("contract.outage", 2, Map.of());
        Map<String, Object> config = cluster.producerConfig();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // A metadata refresh during the shutdown can leave the producer without the topic's
        // partitions; send() then waits max.block.ms (60 s by default) for them instead.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
        List<String> acknowledged = new ArrayList<>();
        try (KafkaProducer<String, String> producer = producer(config)) {
            producer.send(new ProducerRecord<>("contract.outage", "k1", "before")).get(30, TimeUnit.SECONDS);
            acknowledged.add("before");

            cluster.stopBroker();
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("contract.outage", "k2", "during")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);

            cluster.startBroker();
            producer.send(new ProducerRecord<>("contract.outage", "k3", "after")).get(30, TimeUnit.SECONDS);
            acknowledged.add("after");
        }

        List<String> read = TopicRecords.readAll(cluster, "contract.outage", new StringDeserializer(),
                new StringDeserializer(), TIMEOUT).stream().map(ConsumerRecord::value).toList();
        Map<String, Long> copies = read.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(acknowledged).allSatisfy(value -> assertThat(copies).as("copies of %s", value).containsEntry(value, 1L));
        // A timed-out send has an unknown outcome: a paused broker may still append it once it
        // resumes. What must never happen is a second copy, or a record nobody sent.
        assertThat(copies.keySet()).isSubsetOf("before", "during", "after");
        assertThat(copies.values()).containsOnly(1L);
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> config) {
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
