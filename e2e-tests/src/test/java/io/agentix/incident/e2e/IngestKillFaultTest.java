package io.agentix.incident.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.localstack.registry.SchemaRegistryServer;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpecs;

/**
 * kill -9 of the ingest service during a burst of webhooks. A sender fires BetterStack "started" webhooks, one
 * outage each, over several connections, and retries what a real sender retries: a delivery left unanswered
 * (the connection died with the process, or was refused while it was down) or answered 503. ingest-service is
 * killed mid-burst and started again on the same port; the burst then completes. Every webhook answered 202
 * is exactly one alert on {@code alerts} (its raw id), every webhook got its 202, every copy of a webhook on
 * {@code alerts} carries the same event id, and escalation-streams (running throughout) opened exactly one
 * incident per webhook, counted the alert once, and paged once: a delivery that reached Kafka before the kill
 * but was never answered, and was therefore sent again, creates no second incident and no second page. Since
 * whether such a delivery happens is down to the instant of the kill, the webhooks in flight at the kill are
 * also sent once more after the burst, so every run has resent webhooks on {@code alerts}.
 */
class IngestKillFaultTest {

    private static final Logger LOG = LoggerFactory.getLogger(IngestKillFaultTest.class);
    private static final int WEBHOOKS = 300;
    private static final int CONNECTIONS = 8;
    /** ingest is killed once this many webhooks are answered 202: a third into the burst. */
    private static final int KILL_AFTER = WEBHOOKS / 3;
    private static final Duration RETRY_AFTER = Duration.ofMillis(100);
    private static final int MAX_ATTEMPTS = 600;

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension(EngineFaults::broker);

    private static SchemaRegistryServer registry;
    private static TopicSpecs topics;
    private static ServiceProcess ingest;
    private static ServiceProcess streams;
    private static int ingestPort;

    @RegisterExtension
    final TestWatcher printLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            for (ServiceProcess process : new ServiceProcess[] {ingest, streams}) {
                if (process != null) {
                    LOG.error("{} output:\n{}", process.name(), process.logTail());
                }
            }
        }
    };

    @BeforeAll
    static void start() {
        registry = Engine.registry(KAFKA.cluster());
        topics = EngineFaults.topics(registry);
        // The topics first, as escalation-streams would create them: then both services start side by side.
        KAFKA.cluster().createTopics(TopicCatalog.defaults());
        int streamsPort = FreePorts.pick();
        streams = EngineFaults.streams("ingest-kill-streams", KAFKA.cluster(), registry, streamsPort,
                Engine.directory("ingest-kill-streams-state-"), 0, 1).launch();
        ingestPort = FreePorts.pick();
        ingest = new ServiceProcess("ingest", ServiceProcess.Service.INGEST, Map.of(
                "server.applicationConnectors[0].port", String.valueOf(ingestPort),
                "server.adminConnectors[0].port", String.valueOf(FreePorts.pick()),
                "kafka.bootstrapServers", KAFKA.cluster().bootstrapServers(),
                "schemaRegistry.url", registry.url())).launch();
        streams.awaitHealthy();
        ingest.awaitHealthy();
        Http operatorApi = new Http(streamsPort);
        await("the operator API answers").atMost(Duration.ofSeconds(60))
                .until(() -> operatorApi.get("/incidents").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess process : new ServiceProcess[] {ingest, streams}) {
            if (process != null) {
                process.close();
            }
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void everyWebhookAnswered202IsExactlyOneAlertAndOneIncidentAfterIngestIsKilledMidBurst() throws Exception {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<Webhook> burst = new ArrayList<>();
        for (int i = 0; i < WEBHOOKS; i++) {
            // One BetterStack outage each (its incident id is the start time in ms), for a monitor no component
            // matches: nothing correlates them, so each is an incident of its own.
            burst.add(new Webhook(WebhookToNotificationsEndToEndTest.betterStackStarted("Burst monitor " + i,
                    base.plusMillis(i))));
        }
        Sender sender = new Sender("http://127.0.0.1:" + ingestPort + "/webhooks/betterstack/" + Engine.DEV_TOKEN);
        CompletableFuture<Void> done = sender.send(burst);

        await("a third of the burst answered").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> sender.accepted.get() >= KILL_AFTER);
        ingest.kill();
        int acceptedAtKill = sender.accepted.get();
        assertThat(acceptedAtKill).as("the kill fell inside the burst").isLessThan(WEBHOOKS);
        ingest.start();
        try {
            done.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the burst did not complete after the restart: " + sender.accepted.get()
                    + " of " + WEBHOOKS + " answered 202", e);
        } catch (ExecutionException e) {
            throw new AssertionError("a webhook failed for good", e.getCause());
        }
        List<Webhook> retried = burst.stream().filter(webhook -> !webhook.failedAttempts.isEmpty()).toList();
        LOG.info("{} of {} webhooks answered 202 at the kill; {} needed a retry", acceptedAtKill, WEBHOOKS, retried.size());
        assertThat(retried).as("webhooks whose delivery the kill interrupted (retried)").isNotEmpty();
        // Whether a delivery cut off by the kill had reached Kafka is down to the instant of the kill. So that a
        // resent webhook meets the engine in every run, the retried ones are sent once more, answered 202 again:
        // what a sender does that gave up waiting for an answer which was on its way.
        sender.send(retried).get(60, TimeUnit.SECONDS);

        // alerts: one record per 202-answered delivery; copies of a webhook only from unanswered deliveries.
        Map<String, Webhook> byRawId = new HashMap<>();
        for (Webhook webhook : burst) {
            assertThat(webhook.acceptedRawIds).as("202s of a webhook").hasSize(retried.contains(webhook) ? 2 : 1);
            webhook.acceptedRawIds.forEach(rawId -> assertThat(byRawId.put(rawId, webhook)).as("raw ids are unique").isNull());
        }
        Map<String, List<AlertEvent>> alertsByRawId = new HashMap<>();
        Map<Webhook, List<AlertEvent>> alertsByWebhook = new LinkedHashMap<>();
        Map<String, Webhook> webhookByDedupKey = new HashMap<>();
        List<AlertEvent> unanswered = new ArrayList<>();
        for (ConsumerRecord<String, AlertEvent> record : EngineFaults.read(KAFKA.cluster(), topics.alerts())) {
            AlertEvent alert = record.value();
            alertsByRawId.computeIfAbsent(alert.getRawId(), k -> new ArrayList<>()).add(alert);
            Webhook webhook = byRawId.get(alert.getRawId());
            if (webhook == null) {
                unanswered.add(alert);
            } else {
                alertsByWebhook.computeIfAbsent(webhook, k -> new ArrayList<>()).add(alert);
                Webhook other = webhookByDedupKey.put(alert.getDedupKey(), webhook);
                assertThat(other == null || other == webhook).as("one webhook per outage " + alert.getDedupKey()).isTrue();
            }
        }
        assertThat(alertsByWebhook).as("a 202-answered delivery without its alert").hasSize(WEBHOOKS);
        assertThat(webhookByDedupKey).as("one outage (dedup key) per webhook").hasSize(WEBHOOKS);
        for (String rawId : byRawId.keySet()) {
            assertThat(alertsByRawId.get(rawId)).as("alerts of the 202-answered delivery " + rawId).hasSize(1);
        }
        Set<String> eventIds = new HashSet<>();
        alertsByWebhook.values().forEach(alerts -> {
            assertThat(alerts).extracting(AlertEvent::getEventId).as("a resent webhook carries its event id")
                    .containsOnly(alerts.get(0).getEventId());
            eventIds.add(alerts.get(0).getEventId());
        });
        assertThat(eventIds).as("one event id per webhook").hasSize(WEBHOOKS);
        for (AlertEvent copy : unanswered) {
            Webhook webhook = webhookByDedupKey.get(copy.getDedupKey());
            assertThat(webhook).as("an alert from no webhook of the burst: " + copy).isNotNull();
            assertThat(copy.getEventId()).as("a resent webhook carries its event id")
                    .isEqualTo(alertsByWebhook.get(webhook).get(0).getEventId());
            assertThat(webhook.failedAttempts).as("a copy only of a webhook sent again").isNotEmpty();
        }
        LOG.info("{} deliveries reached alerts before the kill without being answered; {} webhooks were sent again"
                + " after the burst", unanswered.size(), retried.size());

        // The engine: once it has consumed all of alerts, one incident per webhook, the alert counted once,
        // one page to on-call and one to everyone each, nothing written twice.
        awaitEngineConsumedAllAlerts();
        Map<String, Incident> incidents = EngineFaults.incidentsByDedupKey(KAFKA.cluster(), topics, webhookByDedupKey.keySet());
        assertThat(incidents).as("one incident per webhook").hasSize(WEBHOOKS);
        assertThat(incidents.values()).allSatisfy(incident -> assertThat(incident.getAlertCount())
                .as(incident.getIncidentId() + ": the alert counted once").isEqualTo(1));
        Set<String> ids = new HashSet<>();
        incidents.values().forEach(incident -> ids.add(incident.getIncidentId()));
        Map<String, List<TimelineEntry>> timeline = new HashMap<>();
        for (ConsumerRecord<String, TimelineEntry> record : EngineFaults.read(KAFKA.cluster(), topics.timeline())) {
            timeline.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
        }
        Map<String, List<Notification>> notifications = new HashMap<>();
        for (ConsumerRecord<String, Notification> record : EngineFaults.read(KAFKA.cluster(), topics.notifications())) {
            notifications.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value());
        }
        assertThat(timeline.keySet()).as("no timeline of an incident the burst did not open").isEqualTo(ids);
        for (String id : ids) {
            assertThat(timeline.get(id)).as("OPENED of " + id).filteredOn(entry -> entry.getType() == TimelineType.OPENED)
                    .hasSize(1);
            assertThat(timeline.get(id)).extracting(TimelineEntry::getSequence).as(id).doesNotHaveDuplicates();
            List<Notification> sent = notifications.getOrDefault(id, List.of());
            assertThat(sent).extracting(Notification::getNotificationId).as(id).doesNotHaveDuplicates();
            assertThat(sent).extracting(Notification::getKind).as("pages of " + id)
                    .containsExactlyInAnyOrder(NotificationKind.INCIDENT_OPENED, NotificationKind.ALL_HANDS);
        }
    }

    /** Waits until escalation-streams committed its position at the end of {@code alerts} (its outputs with it). */
    private static void awaitEngineConsumedAllAlerts() {
        TopicPartition alerts = new TopicPartition(topics.alerts().name(), 0);
        await("escalation-streams consumed every alert").atMost(EngineFaults.READ_TIMEOUT).until(() -> {
            long end = KAFKA.cluster().admin().listOffsets(Map.of(alerts, OffsetSpec.latest())).partitionResult(alerts).get()
                    .offset();
            OffsetAndMetadata committed = KAFKA.cluster().admin().listConsumerGroupOffsets(EngineFaults.STREAMS_GROUP)
                    .partitionsToOffsetAndMetadata().get().get(alerts);
            return committed != null && committed.offset() >= end;
        });
    }

    /** One webhook of the burst: its body and what its deliveries got. */
    private static final class Webhook {
        final String body;
        final List<String> failedAttempts = new CopyOnWriteArrayList<>();
        /** The raw id of each delivery answered 202. */
        final List<String> acceptedRawIds = new CopyOnWriteArrayList<>();

        Webhook(String body) {
            this.body = body;
        }
    }

    /**
     * A sender as monitoring tools are: each webhook posted until it is answered 202, again after a short
     * pause when the delivery got no answer or a 503; any other answer fails the burst. {@link #CONNECTIONS}
     * deliveries run at a time.
     */
    private static final class Sender {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        private final Executor retryLater = CompletableFuture.delayedExecutor(RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
        private final URI url;
        final AtomicInteger accepted = new AtomicInteger();

        Sender(String url) {
            this.url = URI.create(url);
        }

        /** Sends every webhook, {@link #CONNECTIONS} at a time; completes when each was answered 202. */
        CompletableFuture<Void> send(List<Webhook> webhooks) {
            List<CompletableFuture<Void>> lanes = new ArrayList<>();
            for (int lane = 0; lane < CONNECTIONS; lane++) {
                CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
                for (int i = lane; i < webhooks.size(); i += CONNECTIONS) {
                    Webhook webhook = webhooks.get(i);
                    chain = chain.thenCompose(ignored -> deliver(webhook));
                }
                lanes.add(chain);
            }
            return CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new));
        }

        private CompletableFuture<Void> deliver(Webhook webhook) {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(webhook.body, StandardCharsets.UTF_8)).build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                    .handle((response, failure) -> {
                        if (failure == null && response.statusCode() == 202) {
                            webhook.acceptedRawIds.add(Http.json(response).get("rawId").asText());
                            accepted.incrementAndGet();
                            return true;
                        }
                        if (failure == null && response.statusCode() != 503) {
                            throw new AssertionError("answered " + response.statusCode() + ": " + response.body());
                        }
                        if (failure != null && !(unwrap(failure) instanceof IOException)) {
                            throw new AssertionError("delivery failed", failure);
                        }
                        webhook.failedAttempts.add(failure == null ? "503" : String.valueOf(unwrap(failure)));
                        if (webhook.failedAttempts.size() >= MAX_ATTEMPTS) {
                            throw new AssertionError("no 202 after " + MAX_ATTEMPTS + " attempts: " + webhook.failedAttempts);
                        }
                        return false;
                    })
                    .thenCompose(answered -> answered ? CompletableFuture.<Void>completedFuture(null)
                            : CompletableFuture.runAsync(() -> { }, retryLater).thenCompose(ignored -> deliver(webhook)));
        }

        private static Throwable unwrap(Throwable failure) {
            return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
        }
    }
}
