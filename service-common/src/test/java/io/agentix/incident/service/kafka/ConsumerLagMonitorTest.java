package io.agentix.incident.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.codahale.metrics.MetricRegistry;

import io.agentix.incident.localstack.EmbeddedKafkaBroker;
import io.agentix.incident.service.health.ConsumerLagHealthCheck;
import io.agentix.incident.service.metrics.PrometheusTextFormat;

/** The lag gauges and the stuck check against a real broker: records written, offsets committed by the group. */
class ConsumerLagMonitorTest {

    private static final EmbeddedKafkaBroker BROKER = EmbeddedKafkaBroker.ephemeral();
    private static final String TOPIC = "lag-test";
    private static final String GROUP = "lag-test-group";
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        BROKER.start();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()));
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1))).all().get(10, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, "k", "v" + i));
            }
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 1, "k", "v" + i));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        BROKER.close();
    }

    @Test
    void lagIsTheRecordsAfterTheCommittedOffsetAndGoesRedWhenTheCommittedOffsetStops() throws Exception {
        commit(0, 2);
        MovableClock clock = new MovableClock(Instant.parse("2026-03-30T09:00:00Z"));
        MetricRegistry registry = new MetricRegistry();
        ConsumerLagMonitor monitor = new ConsumerLagMonitor(admin, GROUP, List.of(TOPIC), registry,
                Duration.ofSeconds(5), Duration.ofSeconds(5), clock);
        ConsumerLagHealthCheck health = new ConsumerLagHealthCheck(monitor, Duration.ofMinutes(5));

        monitor.refresh();

        String scraped = PrometheusTextFormat.render(registry);
        assertThat(scraped).contains("# TYPE consumer_lag_records gauge")
                .contains("consumer_lag_records{group=\"" + GROUP + "\",topic=\"" + TOPIC + "\",partition=\"0\"} 3\n")
                // never committed: everything retained is waiting
                .contains("consumer_lag_records{group=\"" + GROUP + "\",topic=\"" + TOPIC + "\",partition=\"1\"} 3\n");
        assertThat(health.execute().isHealthy()).isTrue();

        clock.advance(Duration.ofMinutes(6));
        monitor.refresh();
        assertThat(health.execute().isHealthy()).isFalse();
        assertThat(health.execute().getMessage()).contains(TOPIC + "-0: lag 3, committed offset 2 unchanged since "
                + "2026-03-30T09:00:00Z");

        commit(0, 5);
        commit(1, 3);
        monitor.refresh();
        assertThat(PrometheusTextFormat.render(registry))
                .contains("consumer_lag_records{group=\"" + GROUP + "\",topic=\"" + TOPIC + "\",partition=\"0\"} 0\n")
                .contains("consumer_lag_records{group=\"" + GROUP + "\",topic=\"" + TOPIC + "\",partition=\"1\"} 0\n");
        clock.advance(Duration.ofMinutes(10));
        monitor.refresh();
        assertThat(health.execute().isHealthy()).as("no lag, nothing stuck").isTrue();
    }

    private static void commit(int partition, long offset) throws Exception {
        admin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition(TOPIC, partition), new OffsetAndMetadata(offset)))
                .all().get(10, TimeUnit.SECONDS);
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
