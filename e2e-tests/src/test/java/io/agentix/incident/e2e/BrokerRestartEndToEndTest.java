package io.agentix.incident.e2e;

import static io.agentix.incident.e2e.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;

import io.agentix.incident.escalation.EscalationConfiguration;
import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.NotificationReceipt;
import io.agentix.incident.ingest.IngestConfiguration;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.localstack.registry.SchemaRegistryServer;
import io.agentix.incident.notifier.NotifierApplication;
import io.agentix.incident.notifier.NotifierConfiguration;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.testing.KafkaClusters;
import io.agentix.incident.testing.TopicRecords;
import io.agentix.incident.topics.TopicSpec;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

/**
 * Issue 6's "broker restart under load", across the whole engine: a monitoring tool sends webhooks at a steady
 * rate, each a problem of its own that becomes its own incident and pages on-call, while the only broker is
 * shut down and started again on the same ports and data (the embedded broker: a container cannot come back on
 * the same data). During the outage ingest answers 503 with Retry-After and its {@code /health} turns red; the
 * sender retries as a real one does. Afterwards every webhook is one alert to the engine, one incident and one
 * page, with one SENT receipt each; no request went unanswered; and the schema registry, which keeps its schemas
 * in Kafka, still serves the same ids.
 */
class BrokerRestartEndToEndTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension(KafkaClusters::embedded);

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Longest any one request may take: ingest answers within its ack timeout (5 s in config-dev.yml). */
    private static final Duration REQUEST_BOUND = Duration.ofSeconds(15);
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final int MAX_WEBHOOKS = 150;
    /** Webhooks accepted before the broker goes away, and sent after it is healthy again. */
    private static final int BEFORE = 8;
    private static final int AFTER = 10;

    private static final PageReceiver PAGES = new PageReceiver(Engine.PAGE_SECRET);
    private static final Path CAPTURED_PAGES = Engine.directory("restart-captured-pages");
    private static SchemaRegistryServer registry;
    private static GreenMail smtp;

    private static final DropwizardAppExtension<EscalationConfiguration> STREAMS = Engine.streams(
            () -> KAFKA.cluster().bootstrapServers(), () -> registry.url(), FreePorts.pick(), "restart");
    /** Every incident pages on-call (jonas): well over the dev rate limit, which would fold them into digests. */
    private static final DropwizardAppExtension<NotifierConfiguration> NOTIFIER = Engine.notifier(NotifierApplication.class,
            () -> KAFKA.cluster().bootstrapServers(), () -> registry.url(), () -> smtp.getSmtp().getPort(), PAGES,
            CAPTURED_PAGES, Map.of("delivery.rateLimit.pagesPerRoute", String.valueOf(MAX_WEBHOOKS * 2)));
    private static final DropwizardAppExtension<IngestConfiguration> INGEST = Engine.ingest(
            () -> KAFKA.cluster().bootstrapServers(), () -> registry.url());

    private static Deliveries deliveries;
    private static TopicSpec<String, AlertEvent> alerts;
    private static Http operatorApi;
    private static Http ingestAdmin;

    @BeforeAll
    static void start() throws Exception {
        registry = Engine.registry(KAFKA.cluster());
        smtp = Engine.smtp();
        STREAMS.before();
        NOTIFIER.before();
        INGEST.before();
        operatorApi = new Http(STREAMS.getLocalPort());
        ingestAdmin = new Http(INGEST.getAdminPort());
        TopicSpecs topics = Engine.topics(NOTIFIER);
        deliveries = new Deliveries(smtp, PAGES, KAFKA.cluster(), topics.receipts());
        alerts = topics.alerts();
        assertThat(NOTIFIER.getConfiguration().getDelivery().getRateLimit().getPagesPerRoute())
                .as("the test's page limit replaced dev's").isEqualTo(MAX_WEBHOOKS * 2);
        await("the operator API answers").atMost(WAIT).until(() -> operatorApi.get("/incidents").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        INGEST.after();
        NOTIFIER.after();
        STREAMS.after();
        Engine.stopServers(smtp, registry, PAGES);
    }

    @Test
    void webhooksSentWhileTheBrokerRestartsBecomeOneIncidentAndOnePageEachWithNothingLeftUnanswered() throws Exception {
        SteadySender sender = new SteadySender(URI.create("http://localhost:" + INGEST.getLocalPort() + "/reports"),
                REQUEST_BOUND, 20, "Authorization", "Bearer " + Engine.DEV_TOKEN, "Content-Type", "application/json");
        try (sender) {
            sender.start(INTERVAL, MAX_WEBHOOKS, BrokerRestartEndToEndTest::report);
            await("webhooks accepted before the outage").atMost(WAIT).until(() -> sender.answered(202) >= BEFORE);
            Map<String, Integer> schemaIds = schemaIds(registry.url());
            assertThat(schemaIds).as("ingest registered its schemas").containsKey("alerts-value");

            KAFKA.cluster().stopBroker();
            await("ingest's /health red while the broker is away").atMost(WAIT)
                    .until(() -> ingestAdmin.get("/health").statusCode() == 500);
            await("webhooks answered 503 during the outage").atMost(WAIT).until(() -> sender.answered(503) >= 3);
            KAFKA.cluster().startBroker();
            await("ingest's /health green again").atMost(WAIT).until(() -> ingestAdmin.get("/health").statusCode() == 200);
            int sentByNow = sender.webhooks().size();
            await("webhooks sent after the restart").atMost(WAIT).until(() -> sender.webhooks().size() >= sentByNow + AFTER);
            sender.stopSending();

            List<SteadySender.Webhook> webhooks = sender.webhooks();
            CompletableFuture.allOf(webhooks.stream().map(w -> w.done).toArray(CompletableFuture[]::new))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEveryRequestAnsweredAndEveryWebhookAcceptedInTheEnd(webhooks);

            assertEachWebhookIsOneAlert(webhooks);
            Map<String, JsonNode> incidents = awaitOneIncidentPerWebhookWithItsReceipts(webhooks.size());
            Map<String, Map<String, List<NotificationReceipt>>> receipts = deliveries.receiptsByIncident();
            for (JsonNode incident : incidents.values()) {
                assertThat(incident.get("alertCount").asInt()).as("retries counted once: " + incident.get("title")).isEqualTo(1);
                assertThat(incident.get("severity").asText()).isEqualTo("P2");
                deliveries.assertEachDeliveryHappenedOnce(incident,
                        receipts.getOrDefault(incident.get("incidentId").asText(), Map.of()));
                assertThat(deliveries.pages(incident.get("incidentId").asText(), "INCIDENT_OPENED"))
                        .as("on-call paged once for " + incident.get("title"))
                        .singleElement().satisfies(page -> assertThat(page.person()).isEqualTo("jonas"));
            }
            assertThat(PAGES.pages()).as("no page for anything but these incidents")
                    .allSatisfy(page -> assertThat(incidents).containsKey(page.body().get("incidentId").asText()));
            Deliveries.assertNothingCaptured(CAPTURED_PAGES);

            // The registry kept its schemas in Kafka: the same ids before and after, also for a registry started now.
            assertThat(schemaIds(registry.url())).containsAllEntriesOf(schemaIds);
            try (SchemaRegistryServer fresh = Engine.registry(KAFKA.cluster())) {
                assertThat(schemaIds(fresh.url())).isEqualTo(schemaIds(registry.url()));
            }
        }
    }

    private static void assertEveryRequestAnsweredAndEveryWebhookAcceptedInTheEnd(List<SteadySender.Webhook> webhooks) {
        for (SteadySender.Webhook webhook : webhooks) {
            List<SteadySender.Attempt> attempts = webhook.attempts();
            assertThat(attempts).as("webhook " + webhook.index + ": every request answered within " + REQUEST_BOUND)
                    .allSatisfy(attempt -> assertThat(attempt.status()).as(attempt.toString()).isIn(202, 503));
            assertThat(attempts).as("webhook " + webhook.index + ": a 503 says when to retry")
                    .filteredOn(attempt -> attempt.status() == 503)
                    .allSatisfy(attempt -> assertThat(attempt.retryAfter()).isEqualTo("5"));
            assertThat(attempts.get(attempts.size() - 1).status()).as("webhook " + webhook.index + " accepted in the end: "
                    + attempts).isEqualTo(202);
        }
        assertThat(webhooks.stream().filter(w -> w.attempts().size() > 1).count())
                .as("some webhooks were refused during the outage and retried").isPositive();
    }

    /**
     * The alerts topic holds each webhook's one alert: one event id per problem; a webhook accepted at its first
     * attempt is written exactly once (the producer is idempotent across the reconnect). A retried one may also
     * have been written by the attempt that was answered 503 (the broker took it after ingest gave up waiting);
     * the engine counts such a repeat once by its event id, which the incidents' alert counts check.
     */
    private static void assertEachWebhookIsOneAlert(List<SteadySender.Webhook> webhooks) {
        Map<String, List<AlertEvent>> byKey = new HashMap<>();
        for (ConsumerRecord<String, AlertEvent> record : TopicRecords.readAll(KAFKA.cluster(), alerts.name(),
                alerts.keyDeserializer(), alerts.valueDeserializer(), WAIT)) {
            byKey.computeIfAbsent(record.value().getDedupKey(), k -> new ArrayList<>()).add(record.value());
        }
        assertThat(byKey).hasSize(webhooks.size());
        for (SteadySender.Webhook webhook : webhooks) {
            List<AlertEvent> written = byKey.get("report:default:probe-" + webhook.index);
            assertThat(written).as("alerts of webhook " + webhook.index).isNotEmpty();
            assertThat(written.stream().map(AlertEvent::getEventId).collect(Collectors.toSet()))
                    .as("one event id for webhook " + webhook.index).hasSize(1);
            if (webhook.attempts().size() == 1) {
                assertThat(written).as("webhook " + webhook.index + ", accepted at once, written once").hasSize(1);
            }
        }
    }

    /** Waits for one incident per webhook, each with a receipt for every delivery; returns them by incident id. */
    private static Map<String, JsonNode> awaitOneIncidentPerWebhookWithItsReceipts(int webhooks) {
        List<JsonNode> summaries = await("one incident per webhook").atMost(WAIT).until(
                () -> Deliveries.list(json(operatorApi.get("/incidents?limit=1000"))), list -> list.size() >= webhooks);
        assertThat(summaries).hasSize(webhooks);
        assertThat(summaries.stream().map(s -> s.get("title").asText()).collect(Collectors.toSet()))
                .as("each incident a webhook's own problem").hasSize(webhooks);
        return await("a receipt for every delivery").atMost(WAIT).until(() -> {
            Map<String, Map<String, List<NotificationReceipt>>> receipts = deliveries.receiptsByIncident();
            Map<String, JsonNode> incidents = new TreeMap<>();
            for (JsonNode summary : summaries) {
                String id = summary.get("id").asText();
                incidents.put(id, json(operatorApi.get("/incidents/" + id)));
            }
            boolean complete = incidents.values().stream().allMatch(incident -> !incident.get("notifications").isEmpty()
                    && Deliveries.everyDeliveryHasAReceipt(incident, receipts.getOrDefault(
                    incident.get("incidentId").asText(), Map.of())));
            return complete ? incidents : null;
        }, incidents -> incidents != null);
    }

    /**
     * A user report of problem {@code index}: its own key and a component the policy does not know, so it joins
     * no other incident; without tenants the engine is in doubt and classifies it P2, which pages on-call.
     */
    private static String report(int index) {
        return """
                {"title": "Load probe %d failing", "component": "probe-%d", "key": "probe-%d", "impact": "degraded",
                 "description": "Synthetic probe %d of the broker restart test"}""".formatted(index, index, index, index);
    }

    /** The registry's latest schema id of every subject. */
    private static Map<String, Integer> schemaIds(String registryUrl) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Map<String, Integer> ids = new TreeMap<>();
        for (JsonNode subject : Http.json(get(client, registryUrl + "/subjects"))) {
            ids.put(subject.asText(), Http.json(get(client, registryUrl + "/subjects/" + subject.asText()
                    + "/versions/latest")).get("id").asInt());
        }
        return ids;
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
        return response;
    }
}
