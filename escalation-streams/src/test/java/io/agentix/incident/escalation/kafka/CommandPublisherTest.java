package io.agentix.incident.escalation.kafka;

import static io.agentix.incident.events.TestEvents.anIncidentCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpecs;

/** Without a broker, a command fails within the producer's bounds instead of leaving the operator waiting. */
class CommandPublisherTest {

    @Test
    void failsFastWhenNoBrokerAnswers() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + closedPort,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300);
        TopicSpecs topics = TopicSpecs.create(TopicCatalog.defaults(), Map.of("schema.registry.url", "mock://command-publisher-test"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            CommandPublisher publisher = new CommandPublisher(producer, topics.incidentCommands(), Duration.ofMillis(500));

            long start = System.nanoTime();
            CompletableFuture<RecordMetadata> acked = publisher.publish(anIncidentCommand().build());

            assertThatThrownBy(() -> acked.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .satisfies(e -> assertThat(e.getCause()).isInstanceOfAny(KafkaException.class,
                            java.util.concurrent.TimeoutException.class));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void refusesANonPositiveAckTimeout() {
        TopicSpecs topics = TopicSpecs.create(TopicCatalog.defaults(), Map.of("schema.registry.url", "mock://x"));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9"), new StringSerializer(), new ByteArraySerializer())) {
            assertThatThrownBy(() -> new CommandPublisher(producer, topics.incidentCommands(), Duration.ZERO))
                    .hasMessageContaining("ackTimeout must be positive");
        }
    }
}
