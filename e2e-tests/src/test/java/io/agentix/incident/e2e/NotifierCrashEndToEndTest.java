package io.agentix.incident.e2e;

import static io.agentix.incident.e2e.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;

import io.agentix.incident.escalation.EscalationConfiguration;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.ingest.IngestConfiguration;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.localstack.registry.SchemaRegistryServer;
import io.agentix.incident.notifier.NotifierApplication;
import io.agentix.incident.notifier.NotifierConfiguration;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.testing.TopicRecords;
import io.agentix.incident.topics.TopicSpec;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

/**
 * Issue 6's notifier fault, across the whole engine: the notifier dies after the initial customer notices and
 * the acknowledged pages went out and their receipts were acknowledged, before their offsets were committed
 * (its commit hook throws there), and a new notifier process takes over mid-incident. Nothing is mailed
 * twice, nothing is lost, and the rest of the incident (the resolution notice) still goes out once.
 */
class NotifierCrashEndToEndTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OPERATOR = "Bearer " + Engine.DEV_TOKEN;
    private static final String GROUP = "notifier-service";
    private static final Set<String> CUSTOMER_CONTACTS = Set.of("ops@acme.example", "it-support@acme.example",
            "incidents@globex.example", "technik@mueller-logistik.example");
    /**
     * The killed member never says goodbye: with the broker's shortest session its partitions move to the new
     * process within seconds instead of the default 45.
     */
    private static final Map<String, String> SHORT_SESSION = Map.of(
            "kafka.consumer.session\\.timeout\\.ms", "6000", "kafka.consumer.heartbeat\\.interval\\.ms", "500");

    private static final PageReceiver PAGES = new PageReceiver(Engine.PAGE_SECRET);
    private static final Path CAPTURED_PAGES = Engine.directory("crash-captured-pages");
    private static SchemaRegistryServer registry;
    private static GreenMail smtp;

    private static final DropwizardAppExtension<EscalationConfiguration> STREAMS = Engine.streams(
            () -> KAFKA.cluster().bootstrapServers(), () -> registry.url(), FreePorts.pick(), "crash");
    private static final DropwizardAppExtension<NotifierConfiguration> CRASHING_NOTIFIER = Engine.notifier(
            CrashingNotifierApplication.class, () -> KAFKA.cluster().bootstrapServers(), () -> registry.url(),
            () -> smtp.getSmtp().getPort(), PAGES, CAPTURED_PAGES, SHORT_SESSION);
    private static final DropwizardAppExtension<NotifierConfiguration> RESTARTED_NOTIFIER = Engine.notifier(
            NotifierApplication.class, () -> KAFKA.cluster().bootstrapServers(), () -> registry.url(),
            () -> smtp.getSmtp().getPort(), PAGES, CAPTURED_PAGES, SHORT_SESSION);
    private static final DropwizardAppExtension<IngestConfiguration> INGEST = Engine.ingest(
            () -> KAFKA.cluster().bootstrapServers(), () -> registry.url());

    private static Deliveries deliveries;
    private static TopicSpec<String, Notification> notifications;
    private static Http ingest;
    private static Http operatorApi;
    private static boolean restarted;

    @BeforeAll
    static void start() throws Exception {
        registry = Engine.registry(KAFKA.cluster());
        smtp = Engine.smtp();
        STREAMS.before();
        CRASHING_NOTIFIER.before();
        INGEST.before();
        ingest = new Http(INGEST.getLocalPort());
        operatorApi = new Http(STREAMS.getLocalPort());
        TopicSpecs topics = Engine.topics(CRASHING_NOTIFIER);
        deliveries = new Deliveries(smtp, PAGES, KAFKA.cluster(), topics.receipts());
        notifications = topics.notifications();
        await("the operator API answers").atMost(Duration.ofSeconds(60))
                .until(() -> operatorApi.get("/incidents").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        INGEST.after();
        if (restarted) {
            RESTARTED_NOTIFIER.after();
        } else {
            CRASHING_NOTIFIER.after();
        }
        STREAMS.after();
        Engine.stopServers(smtp, registry, PAGES);
    }

    @Test
    void aNotifierKilledBetweenSendingTheInitialNoticesAndCommittingMailsNothingTwiceAfterItsRestart() throws Exception {
        HttpResponse<String> accepted = ingest.post("/webhooks/betterstack/" + Engine.DEV_TOKEN,
                WebhookToNotificationsEndToEndTest.betterStackStarted("API /health", Instant.now()),
                "Content-Type", "application/json");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String id = await("the incident opens").atMost(WAIT).until(
                () -> json(operatorApi.get("/incidents?status=OPEN")), list -> list.size() > 0).get(0).get("id").asText();
        await("on-call and everyone paged").atMost(WAIT).until(() -> deliveries.paged(id, "ALL_HANDS")
                .equals(Set.copyOf(Engine.PEOPLE)) && deliveries.paged(id, "INCIDENT_OPENED").equals(Set.of("jonas")));

        // The acknowledge makes the engine publish, in one transaction, the initial notices and the acknowledged
        // pages. The notifier sends them all, their receipts are acknowledged, and it dies just before committing
        // the last of them: every one delivered, none committed, nothing else under way (a kill -9 there).
        CrashingNotifierApplication.armCrash(offsets -> coversEveryNotificationSinceTheAcknowledge(id, offsets));
        assertThat(operatorApi.post("/incidents/" + id + "/acknowledge", "", "Authorization", OPERATOR).statusCode())
                .isEqualTo(202);
        await("the notifier is killed before a commit").atMost(WAIT)
                .until(() -> CrashingNotifierApplication.loopFailure() != null);
        Map<TopicPartition, OffsetAndMetadata> uncommitted = CrashingNotifierApplication.crashedBefore();
        Map<TopicPartition, OffsetAndMetadata> committed = KAFKA.cluster().admin().listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get();
        assertThat(uncommitted).as("the crash left delivered records uncommitted").allSatisfy((partition, offset) ->
                assertThat(committed.get(partition) == null ? 0L : committed.get(partition).offset())
                        .isLessThan(offset.offset()));
        assertThat(deliveries.reachedEveryMailbox(id, "INITIAL_NOTICE", CUSTOMER_CONTACTS))
                .as("the initial notices went out before the crash").isTrue();
        assertThat(deliveries.paged(id, "INCIDENT_ACKNOWLEDGED")).as("and the acknowledged pages")
                .isEqualTo(Set.copyOf(Engine.PEOPLE));

        // A new notifier process takes over: it reads the receipts back and skips what was sent.
        CRASHING_NOTIFIER.after();
        RESTARTED_NOTIFIER.before();
        restarted = true;
        await("the initial notice in the mailboxes").atMost(WAIT).until(
                () -> deliveries.reachedEveryMailbox(id, "INITIAL_NOTICE", CUSTOMER_CONTACTS));
        await("the uncommitted records committed by the new process").atMost(WAIT).until(() -> {
            Map<TopicPartition, OffsetAndMetadata> now = KAFKA.cluster().admin().listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            return uncommitted.entrySet().stream().allMatch(e -> now.get(e.getKey()) != null
                    && now.get(e.getKey()).offset() >= e.getValue().offset());
        });

        assertThat(operatorApi.post("/incidents/" + id + "/resolve", """
                {"rootCause": "A connection pool leak", "impact": "API down for minutes", "prevention": "Pool alerts"}""",
                "Authorization", OPERATOR).statusCode()).isEqualTo(202);
        await("the resolution notice in the mailboxes").atMost(WAIT).until(
                () -> deliveries.reachedEveryMailbox(id, "RESOLUTION_NOTICE", CUSTOMER_CONTACTS));

        JsonNode incident = awaitIncident(id, current -> current.get("status").asText().equals("RESOLVED")
                && deliveries.everyDeliveryHasAReceipt(current));
        deliveries.assertEachDeliveryHappenedOnce(incident);
        Deliveries.assertNothingCaptured(CAPTURED_PAGES);
    }

    /**
     * True when {@code offsets} would commit every record of the incident on {@code notifications}, and those
     * include the initial notices (the acknowledge's records are there: the engine writes them in one transaction).
     */
    private static boolean coversEveryNotificationSinceTheAcknowledge(String id, Map<TopicPartition, OffsetAndMetadata> offsets) {
        List<ConsumerRecord<String, Notification>> records = TopicRecords.readAll(KAFKA.cluster(), notifications.name(),
                        notifications.keyDeserializer(), notifications.valueDeserializer(), WAIT).stream()
                .filter(record -> record.key().equals(id)).toList();
        if (records.stream().noneMatch(record -> record.value().getKind() == NotificationKind.INITIAL_NOTICE)) {
            return false;
        }
        ConsumerRecord<String, Notification> last = records.get(records.size() - 1);
        OffsetAndMetadata offset = offsets.get(new TopicPartition(last.topic(), last.partition()));
        return offset != null && offset.offset() > last.offset();
    }

    private static JsonNode awaitIncident(String id, Predicate<JsonNode> condition) {
        return await().atMost(WAIT).until(() -> json(operatorApi.get("/incidents/" + id)), condition);
    }
}
