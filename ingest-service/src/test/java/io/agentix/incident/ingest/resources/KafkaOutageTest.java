package io.agentix.incident.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.ingest.IngestConfiguration;
import io.agentix.incident.ingest.IngestTestApplication;
import io.agentix.incident.ingest.Posts;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.testing.TopicRecords;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpec;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

/**
 * The broker goes away: deliveries are answered 503 with Retry-After within the ack timeout
 * (seconds), health turns red, and once the broker is back the senders' retries all land, a record
 * written twice carrying the same event id both times.
 */
class KafkaOutageTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final String REGISTRY = "mock://kafka-outage-test";
    private static final TopicCatalog CATALOG = TopicCatalog.from(1, (short) 1, Map.of());

    private static final DropwizardAppExtension<IngestConfiguration> APP = new DropwizardAppExtension<>(
            IngestTestApplication.class, ResourceHelpers.resourceFilePath("ingest-test.yml"),
            ConfigOverride.config("kafka.bootstrapServers", () -> KAFKA.cluster().bootstrapServers()),
            ConfigOverride.config("schemaRegistry.url", REGISTRY));

    private static Posts http;
    private static Posts admin;

    @BeforeAll
    static void start() throws Exception {
        KAFKA.cluster().createTopics(CATALOG);
        APP.before();
        http = new Posts(APP.getLocalPort());
        admin = new Posts(APP.getAdminPort());
    }

    @AfterAll
    static void stop() {
        APP.after();
    }

    @Test
    void whileTheBrokerIsDownDeliveriesGet503AndTheirRetriesLandWithTheSameEventIds() {
        String before = body("before-outage");
        assertThat(post(before).statusCode()).isEqualTo(202);
        List<String> during = IntStream.range(0, 3).mapToObj(i -> body("during-outage-" + i)).toList();

        KAFKA.cluster().stopBroker();
        long start = System.nanoTime();
        List<HttpResponse<String>> refused = during.stream()
                .map(body -> http.postAsync("/webhooks/betterstack/bs-token-acme", body, "Content-Type", "application/json"))
                .toList().stream().map(CompletableFuture::join).toList();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(refused).allSatisfy(response -> {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("7");
            assertThat(Posts.json(response).get("message").asText()).contains("Kafka");
        });
        assertThat(took).as("bounded by the 2 s ack timeout").isLessThan(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> health = admin.get("/health");
            assertThat(health.statusCode()).isEqualTo(500);
            assertThat(Posts.json(health).at("/kafka-sends/healthy").asBoolean()).isFalse();
        });
        assertThat(admin.get("/metrics/prometheus").body())
                .containsPattern("ingest_requests_total\\{source=\"betterstack\",outcome=\"unavailable\"} [3-9]");

        KAFKA.cluster().startBroker();
        // The senders retry until they get a 2xx; the first retries may still meet the reconnecting producer.
        for (String body : during) {
            await().atMost(Duration.ofSeconds(30)).until(() -> post(body).statusCode() == 202);
        }
        // A sender that did not see our 202 retries a delivery that had landed.
        assertThat(post(before).statusCode()).isEqualTo(202);

        Map<String, List<ConsumerRecord<String, AlertEvent>>> byKey = alerts().stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key));
        assertThat(byKey).containsKeys("betterstack:acme:before-outage", "betterstack:acme:during-outage-0",
                "betterstack:acme:during-outage-1", "betterstack:acme:during-outage-2");
        assertThat(byKey.get("betterstack:acme:before-outage")).hasSize(2);
        byKey.forEach((key, records) -> {
            assertThat(records.stream().map(r -> r.value().getEventId()).distinct()).as(key).hasSize(1);
            assertThat(records.stream().map(r -> r.value().getRawId()).distinct()).as(key).hasSize(records.size());
        });
        await().atMost(Duration.ofSeconds(15)).until(() -> admin.get("/health").statusCode() == 200);
    }

    private static HttpResponse<String> post(String body) {
        return http.post("/webhooks/betterstack/bs-token-acme", body, "Content-Type", "application/json");
    }

    private static String body(String problem) {
        return "{\"problem\": \"" + problem + "\", \"at\": \"2025-11-21T23:48:42Z\"}";
    }

    private static List<ConsumerRecord<String, AlertEvent>> alerts() {
        TopicSpec<String, AlertEvent> alerts = TopicSpecs.create(CATALOG, Map.of("schema.registry.url", REGISTRY)).alerts();
        return TopicRecords.readAll(KAFKA.cluster(), alerts.name(), alerts.keyDeserializer(),
                alerts.valueDeserializer(), Duration.ofSeconds(20));
    }
}
