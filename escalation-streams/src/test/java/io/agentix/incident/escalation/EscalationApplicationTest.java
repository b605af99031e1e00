package io.agentix.incident.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TestEvents;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.testing.TopicRecords;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

/**
 * The application as {@code server config.yml} runs it, against a real broker: it creates the topics
 * (alerts and commands with one partition), runs the topology exactly once, and its health follows
 * the streams instance. One application for the class, so the test that stops its streams runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EscalationApplicationTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final String REGISTRY = "mock://escalation-application-test";
    private static final Path STATE_DIR = stateDir();

    private static final DropwizardAppExtension<EscalationConfiguration> APP = new DropwizardAppExtension<>(
            EscalationApplication.class, ResourceHelpers.resourceFilePath("escalation-test.yml"),
            ConfigOverride.config("kafka.bootstrapServers", () -> KAFKA.cluster().bootstrapServers()),
            ConfigOverride.config("schemaRegistry.url", REGISTRY),
            ConfigOverride.config("streams.stateDir", STATE_DIR.toString()));

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        APP.before();
    }

    @AfterAll
    static void stop() {
        APP.after();
    }

    @Test
    @Order(1)
    void createsTheTopicsRunsTheEngineAndIsHealthyWhileStreamsRuns() throws Exception {
        TopicCatalog catalog = APP.getConfiguration().getTopics().build();
        Map<String, TopicDescription> topics = KAFKA.cluster().admin()
                .describeTopics(List.of("alerts", "incident-commands", "incidents")).allTopicNames()
                .get(10, TimeUnit.SECONDS);
        assertThat(topics.get("alerts").partitions()).hasSize(1);
        assertThat(topics.get("incident-commands").partitions()).hasSize(1);
        assertThat(topics.get("incidents").partitions()).hasSize(catalog.definition(
                io.agentix.incident.topics.EventTopic.INCIDENTS).partitions());
        await("healthy and running").atMost(Duration.ofSeconds(30)).until(() -> {
            HttpResponse<String> health = healthcheck();
            return health.statusCode() == 200 && health.body().contains("Kafka Streams is RUNNING");
        });

        TopicSpecs specs = TopicSpecs.create(catalog, Map.of("schema.registry.url", REGISTRY));
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        AlertEvent alert = TestEvents.anAlert().setEventId("app-e-1").setDedupKey("sentry:acme:app").setComponent("inbox")
                .setTenants(List.of()).setAllTenants(true).setImpact(Impact.OUTAGE).setSeverityHint(null)
                .setSeverityHintReason(null).setReceivedAt(now).build();
        try (KafkaProducer<String, AlertEvent> producer = new KafkaProducer<>(KAFKA.cluster().producerConfig(),
                specs.alerts().keySerializer(), specs.alerts().valueSerializer())) {
            producer.send(new ProducerRecord<>("alerts", null, now.toEpochMilli(), alert.getDedupKey(), alert)).get();
        }

        List<Incident> incidents = await("the incident").atMost(Duration.ofSeconds(30)).until(
                () -> TopicRecords.readAll(KAFKA.cluster(), "incidents", new StringDeserializer(),
                        specs.incidents().valueDeserializer(), Duration.ofSeconds(10)).stream().map(r -> r.value()).toList(),
                list -> !list.isEmpty());
        assertThat(incidents.get(0).getSeverity()).isEqualTo(Severity.P1);
        assertThat(incidents.get(0).getDetectedAt()).isEqualTo(now);
    }

    @Test
    @Order(2)
    void healthTurnsRedOnceStreamsStops() throws Exception {
        await("healthy").atMost(Duration.ofSeconds(30)).until(() -> healthcheck().statusCode() == 200);
        KafkaStreams streams = ((EscalationApplication) APP.getApplication()).streams();

        streams.close(Duration.ofSeconds(30));

        HttpResponse<String> red = healthcheck();
        assertThat(red.statusCode()).isEqualTo(500);
        assertThat(red.body()).contains("NOT_RUNNING");
    }

    private static HttpResponse<String> healthcheck() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + APP.getAdminPort() + "/healthcheck"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Path stateDir() {
        try {
            return Files.createTempDirectory("escalation-app-test");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
