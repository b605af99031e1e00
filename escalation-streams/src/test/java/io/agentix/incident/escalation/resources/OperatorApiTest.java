package io.agentix.incident.escalation.resources;

import static io.agentix.incident.escalation.resources.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.agentix.incident.escalation.EscalationApplication;
import io.agentix.incident.escalation.EscalationConfiguration;
import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.events.TestEvents;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.testing.TopicRecords;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

/**
 * The operator API over real HTTP, on the whole escalation-streams app (shipped policy, the real
 * topology) against a real broker: alerts go to {@code alerts}, incidents are read back through the
 * API, commands go through it and change them. The last test adds a second instance and reads and
 * writes through whichever one does not host the incidents.
 *
 * <p>Each test opens its incidents on components of its own, so that no alert joins another
 * test's incident (the engine correlates alerts of one component).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorApiTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final String REGISTRY = "mock://operator-api-test";
    private static final String ALICE = "Bearer alice-token";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final int PORT = FreePorts.pick();
    private static final DropwizardAppExtension<EscalationConfiguration> APP = instance("one", PORT);

    private static TopicSpecs topics;
    private static KafkaProducer<String, AlertEvent> alerts;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        APP.before();
        http = new Http(APP.getLocalPort());
        topics = TopicSpecs.create(TopicCatalog.defaults(), Map.of("schema.registry.url", REGISTRY));
        alerts = new KafkaProducer<>(KAFKA.cluster().producerConfig(), topics.alerts().keySerializer(),
                topics.alerts().valueSerializer());
        // 503 while streams starts: the first 200 says the stores are queryable.
        await("streams running").atMost(Duration.ofSeconds(60)).until(() -> http.get("/incidents").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (alerts != null) {
            alerts.close();
        }
        APP.after();
    }

    @Test
    @Order(1)
    void anAlertBecomesAnIncidentAndAnAcknowledgeMovesItOnWithItsTimeline() throws Exception {
        String id = open("inbox-all-down", "Inbox down for every tenant", "inbox", List.of(), true, Impact.OUTAGE);

        JsonNode opened = json(http.get("/incidents/" + id));
        assertThat(opened.get("incidentId").asText()).isEqualTo(id);
        assertThat(opened.get("status").asText()).isEqualTo("OPEN");
        assertThat(opened.get("severity").asText()).isEqualTo("P1");
        assertThat(opened.get("detectedAt").asText()).endsWith("Z");
        assertThat(opened.get("timeline")).isNotEmpty();
        assertThat(opened.at("/timeline/0/type").asText()).isEqualTo("OPENED");
        assertThat(opened.get("notifications").isArray()).isTrue();

        HttpResponse<String> answer = http.post("/incidents/" + id + "/acknowledge", "{\"message\": \"looking into it\"}",
                "Authorization", ALICE, "Content-Type", "application/json");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode accepted = json(answer);
        String commandId = accepted.get("commandId").asText();
        assertThat(accepted.get("incidentId").asText()).isEqualTo(id);
        assertThat(accepted.get("action").asText()).isEqualTo("ACKNOWLEDGE");
        assertThat(accepted.get("by").asText()).isEqualTo("alice");
        JsonNode acknowledged = awaitIncident(id, incident -> incident.get("status").asText().equals("ACKNOWLEDGED"));
        assertThat(acknowledged.get("acknowledgedBy").asText()).isEqualTo("alice");
        List<JsonNode> timeline = list(acknowledged.get("timeline"));
        assertThat(timeline).anySatisfy(entry -> assertThat(entry.get("refId").asText()).isEqualTo(commandId));
        assertThat(timeline.stream().map(entry -> entry.get("sequence").asLong()).toList()).isSorted().doesNotHaveDuplicates();

        ConsumerRecord<String, IncidentCommand> published = commands().stream()
                .filter(record -> record.value().getCommandId().equals(commandId)).findFirst().orElseThrow();
        assertThat(published.key()).isEqualTo(id);
        assertThat(published.timestamp()).isEqualTo(Instant.parse(accepted.get("issuedAt").asText()).toEpochMilli());
        assertThat(published.value().getBy()).isEqualTo("alice");
        assertThat(published.value().getMessage()).isEqualTo("looking into it");
        assertThat(published.value().getSource()).isEqualTo("api");
    }

    @Test
    @Order(2)
    void anUnknownIncidentIs404ForReadsAndCommandsAndTheRefusedCommandIsRecorded() {
        String unknown = "/incidents/INC-20000101-9999";

        HttpResponse<String> read = http.get(unknown);
        HttpResponse<String> postmortem = http.get(unknown + "/postmortem");
        HttpResponse<String> command = http.post(unknown + "/acknowledge", "", "Authorization", ALICE);

        assertThat(read.statusCode()).isEqualTo(404);
        assertThat(json(read).get("message").asText()).contains("INC-20000101-9999");
        assertThat(postmortem.statusCode()).isEqualTo(404);
        assertThat(command.statusCode()).as(command.body()).isEqualTo(404);
        assertThat(json(command).get("message").asText()).isEqualTo("no incident INC-20000101-9999");
        // Answered only once Kafka had it, marked refused: the engine records it and applies nothing.
        assertThat(commands()).filteredOn(record -> record.key().equals("INC-20000101-9999")).singleElement()
                .satisfies(record -> {
                    assertThat(record.value().getAction().name()).isEqualTo("ACKNOWLEDGE");
                    assertThat(record.value().getBy()).isEqualTo("alice");
                    assertThat(record.value().getRejection()).isEqualTo("no incident INC-20000101-9999");
                });
        assertThat(http.get(unknown).statusCode()).as("a refusal does not create the incident").isEqualTo(404);
    }

    @Test
    @Order(3)
    void resolvingADismissedIncidentIs409RecordedOnItsTimelineAndNeverApplied() {
        String id = open("analytics-one-tenant", "Analytics export slow for acme", "analytics", List.of("acme"), false,
                Impact.DEGRADED);
        assertThat(http.post("/incidents/" + id + "/dismiss", "{\"reason\": \"false positive: load test traffic\"}",
                "Authorization", ALICE).statusCode()).isEqualTo(202);
        JsonNode dismissed = awaitIncident(id, incident -> incident.get("status").asText().equals("DISMISSED"));

        HttpResponse<String> resolve = http.post("/incidents/" + id + "/resolve",
                "{\"rootCause\": \"none\", \"impact\": \"none\", \"prevention\": \"none\"}", "Authorization", ALICE);

        assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(409);
        String reason = json(resolve).get("message").asText();
        assertThat(reason).isEqualTo(id + " is DISMISSED: resolve needs OPEN, ACKNOWLEDGED or MITIGATED");
        JsonNode after = awaitIncident(id, incident -> list(incident.get("timeline")).stream()
                .anyMatch(entry -> entry.get("type").asText().equals("COMMAND_REJECTED")));
        assertThat(list(after.get("timeline"))).filteredOn(entry -> entry.get("type").asText().equals("COMMAND_REJECTED"))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.get("actor").asText()).isEqualTo("alice");
                    assertThat(entry.get("summary").asText()).isEqualTo("Rejected resolve by alice: " + reason);
                    assertThat(entry.at("/details/reason").asText()).isEqualTo(reason);
                    assertThat(entry.at("/details/action").asText()).isEqualTo("resolve");
                    assertThat(entry.at("/details/rejectedBy").asText()).isEqualTo("api");
                    assertThat(entry.get("sequence").asLong()).isEqualTo(dismissed.get("version").asLong());
                });
        assertThat(list(after.get("timeline")).get(after.get("timeline").size() - 1).get("type").asText())
                .as("recorded after the dismissal").isEqualTo("COMMAND_REJECTED");
        // Nothing applied: the incident is as it was (same version: a rejection changes nothing).
        assertThat(after.get("status").asText()).isEqualTo("DISMISSED");
        assertThat(after.get("version").asLong()).isEqualTo(dismissed.get("version").asLong());
        assertThat(after.get("resolvedAt").isNull()).isTrue();
        assertThat(after.get("rootCause").isNull()).isTrue();
        assertThat(after.get("updatedAt")).isEqualTo(dismissed.get("updatedAt"));
        assertThat(list(after.get("notifications"))).hasSameSizeAs(list(dismissed.get("notifications")));
        assertThat(commands()).filteredOn(record -> record.key().equals(id))
                .extracting(r -> r.value().getAction().name() + ":" + r.value().getRejection())
                .containsExactly("DISMISS:null", "RESOLVE:" + reason);
    }

    @Test
    @Order(4)
    void commandsNeedAValidBearerTokenAndReadsDoNot() {
        HttpResponse<String> none = http.post("/incidents/INC-20000101-0001/acknowledge", "{}");
        HttpResponse<String> wrong = http.post("/incidents/INC-20000101-0001/acknowledge", "{}",
                "Authorization", "Bearer alice-tok");
        HttpResponse<String> basic = http.post("/incidents/INC-20000101-0001/acknowledge", "{}",
                "Authorization", "Basic YWxpY2U6YWxpY2U=");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).get("message").asText()).isEqualTo("missing Authorization: Bearer <token> header");
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(json(wrong).get("message").asText()).isEqualTo("unknown operator API token");
        assertThat(json(basic).get("message").asText()).isEqualTo("Authorization header is not a Bearer token");
        assertThat(http.get("/incidents").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void theDraftPostmortemIsServedOnceAP1IsResolved() {
        String id = open("webhooks-all-down", "Webhooks not delivered for anyone", "webhooks", List.of(), true,
                Impact.OUTAGE);
        HttpResponse<String> before = http.get("/incidents/" + id + "/postmortem");
        assertThat(before.statusCode()).isEqualTo(404);
        assertThat(json(before).get("message").asText()).contains("no post-mortem");

        assertThat(http.post("/incidents/" + id + "/acknowledge", "", "Authorization", "Bearer bob-token").statusCode())
                .isEqualTo(202);
        awaitIncident(id, incident -> incident.get("status").asText().equals("ACKNOWLEDGED"));
        HttpResponse<String> resolve = http.post("/incidents/" + id + "/resolve", """
                {"rootCause": "A queue consumer stopped after a config change",
                 "impact": "Webhooks were delayed for 20 minutes",
                 "prevention": "Alert on consumer lag"}""", "Authorization", "Bearer bob-token");
        assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(202);
        JsonNode resolved = awaitIncident(id, incident -> incident.get("status").asText().equals("RESOLVED")
                && !incident.get("postmortem").isNull());

        HttpResponse<String> draft = http.get("/incidents/" + id + "/postmortem");

        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(200);
        assertThat(draft.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("text/markdown"));
        String draftPath = resolved.at("/postmortem/draftPath").asText();
        assertThat(draft.headers().firstValue("Content-Disposition"))
                .hasValue("inline; filename=\"" + draftPath.substring(draftPath.lastIndexOf('/') + 1) + "\"");
        assertThat(draft.body()).contains("Webhooks not delivered for anyone");
    }

    @Test
    @Order(6)
    void theListFiltersBySeverityAndStatusNewestFirst() {
        String p3 = open("csv-export-acme", "CSV export fails for acme", "csv-export", List.of("acme"), false,
                Impact.DEGRADED);
        String p1 = open("builder-all-down", "Builder down for every tenant", "builder", List.of(), true, Impact.OUTAGE);

        List<JsonNode> onlyP3 = list(json(http.get("/incidents?severity=P3")));
        List<JsonNode> both = list(json(http.get("/incidents?severity=p1,P3")));
        List<JsonNode> openP1 = list(json(http.get("/incidents?status=OPEN&status=ACKNOWLEDGED&severity=P1")));
        List<JsonNode> dismissed = list(json(http.get("/incidents?status=DISMISSED")));
        HttpResponse<String> invalid = http.get("/incidents?status=sleeping");

        assertThat(ids(onlyP3)).contains(p3).doesNotContain(p1);
        assertThat(onlyP3).allSatisfy(summary -> assertThat(summary.get("severity").asText()).isEqualTo("P3"));
        assertThat(ids(both)).contains(p1, p3);
        assertThat(both.stream().map(summary -> summary.get("detectedAt").asText()).toList())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(ids(openP1)).contains(p1).doesNotContain(p3);
        assertThat(openP1).allSatisfy(summary -> assertThat(summary.get("status").asText()).isIn("OPEN", "ACKNOWLEDGED"));
        assertThat(dismissed).allSatisfy(summary -> assertThat(summary.get("status").asText()).isEqualTo("DISMISSED"));
        assertThat(list(json(http.get("/incidents?limit=1")))).hasSize(1);
        JsonNode summary = onlyP3.stream().filter(s -> s.get("id").asText().equals(p3)).findFirst().orElseThrow();
        assertThat(summary.get("title").asText()).isEqualTo("CSV export fails for acme");
        assertThat(list(summary.get("tenants"))).extracting(JsonNode::asText).containsExactly("acme");
        assertThat(list(summary.get("components"))).extracting(JsonNode::asText).containsExactly("csv-export");
        assertThat(summary.get("alertCount").asInt()).isEqualTo(1);
        assertThat(summary.has("escalationLevel")).isTrue();
        assertThat(summary.has("onCall")).isTrue();
        assertThat(summary.has("responseDueAt")).isTrue();
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("message").asText()).contains("sleeping").contains("DISMISSED");
    }

    @Test
    @Order(7)
    void anUnknownCommandIs404NamingTheCommandsAndAMalformedBodyIs400() {
        HttpResponse<String> snooze = http.post("/incidents/INC-20000101-0001/snooze", "", "Authorization", ALICE);
        HttpResponse<String> typo = http.post("/incidents/INC-20000101-0001/resolve", "{\"rootcause\": \"x\"}",
                "Authorization", ALICE);
        HttpResponse<String> severity = http.post("/incidents/INC-20000101-0001/set-severity", "{\"severity\": \"P0\"}",
                "Authorization", ALICE);

        assertThat(snooze.statusCode()).isEqualTo(404);
        assertThat(json(snooze).get("message").asText()).contains("snooze").contains("acknowledge, dismiss, mitigate");
        assertThat(typo.statusCode()).isEqualTo(400);
        assertThat(json(typo).get("message").asText()).contains("rootcause");
        assertThat(severity.statusCode()).isEqualTo(400);
        assertThat(json(severity).get("message").asText()).contains("P0");
    }

    @Test
    @Order(8)
    void theAdminPortShowsOpenIncidentsPerSeverityAsTheApiListsThemAndNoLagOnceCaughtUp() {
        Http admin = new Http(APP.getAdminPort());
        String group = APP.getConfiguration().getStreams().getApplicationId();
        String open = "OPEN,ACKNOWLEDGED,MITIGATED,RESOLVED";
        Map<String, Long> listed = new java.util.TreeMap<>();
        for (String severity : List.of("P1", "P2", "P3", "P4")) {
            listed.put(severity, (long) list(json(http.get("/incidents?limit=1000&severity=" + severity + "&status="
                    + open))).size());
        }
        assertThat(listed.values().stream().mapToLong(Long::longValue).sum()).as("incidents opened above").isPositive();

        await("metrics").atMost(WAIT).untilAsserted(() -> {
            String scraped = admin.get("/metrics/prometheus").body();
            Map<String, Long> gauged = new java.util.TreeMap<>();
            java.util.regex.Matcher line = java.util.regex.Pattern
                    .compile("(?m)^engine_incidents_open\\{severity=\"(P\\d)\",status=\"[A-Z]+\"\\} (\\d+)$")
                    .matcher(scraped);
            while (line.find()) {
                gauged.merge(line.group(1), Long.parseLong(line.group(2)), Long::sum);
            }
            assertThat(gauged).isEqualTo(listed);
            assertThat(scraped).contains("consumer_lag_records{group=\"" + group + "\",topic=\"alerts\",partition=\"0\"} 0\n")
                    .contains("consumer_lag_records{group=\"" + group + "\",topic=\"incident-commands\",partition=\"0\"} 0\n")
                    .contains("engine_clocks_overdue 0\n")
                    .containsPattern("engine_clocks_pending\\{clock=\"response-window\"\\} [1-9]");
        });
        HttpResponse<String> health = admin.get("/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(json(health).at("/streams-progress/healthy").asBoolean()).isTrue();
    }

    @Test
    @Order(100)
    void aSecondInstanceForwardsToTheOneThatHostsTheIncidents() throws Exception {
        String id = open("ui-one-tenant", "UI glitch for acme", "ui", List.of("acme"), false, Impact.DEGRADED);
        int secondPort = FreePorts.pick();
        DropwizardAppExtension<EscalationConfiguration> second = instance("two", secondPort);
        second.before();
        try {
            Http other = new Http(second.getLocalPort());
            String expected = json(http.get("/incidents/" + id)).get("title").asText();
            List<Http> notHosting = new ArrayList<>();
            // The group rebalances (maybe more than once) while the second instance joins: the stores
            // answer 503 meanwhile, and the partition may end up on either instance.
            await("both instances answer alike").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        HttpResponse<String> fromOne = http.get("/incidents/" + id);
                        HttpResponse<String> fromTwo = other.get("/incidents/" + id);
                        HttpResponse<String> listOne = http.get("/incidents");
                        HttpResponse<String> listTwo = other.get("/incidents");
                        // Already forwarded once: answered from local state only, so the host answers and the other 503s.
                        HttpResponse<String> viaOne = http.get("/incidents/" + id, PeerInstances.FORWARDED_BY, "localhost:1");
                        HttpResponse<String> viaTwo = other.get("/incidents/" + id, PeerInstances.FORWARDED_BY, "localhost:1");
                        assertThat(List.of(fromOne, fromTwo, listOne, listTwo)).allSatisfy(answer ->
                                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200));
                        assertThat(json(fromTwo).get("title").asText()).isEqualTo(expected);
                        assertThat(json(fromOne).get("title").asText()).isEqualTo(expected);
                        assertThat(ids(list(json(listTwo)))).contains(id).isEqualTo(ids(list(json(listOne))));
                        assertThat(List.of(viaOne.statusCode(), viaTwo.statusCode())).containsExactlyInAnyOrder(200, 503);
                        HttpResponse<String> refused = viaOne.statusCode() == 503 ? viaOne : viaTwo;
                        assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
                        assertThat(json(refused).get("message").asText()).contains("forwarded");
                        notHosting.clear();
                        notHosting.add(viaOne.statusCode() == 503 ? http : other);
                    });

            List<JsonNode> accepted = new ArrayList<>();
            await("block through the instance that does not host the incident").atMost(WAIT).untilAsserted(() -> {
                HttpResponse<String> block = notHosting.get(0).post("/incidents/" + id + "/block",
                        "{\"reason\": \"waiting for the CDN vendor\"}", "Authorization", ALICE);
                assertThat(block.statusCode()).as(block.body()).isEqualTo(202);
                accepted.add(json(block));
            });
            assertThat(accepted.get(0).get("incidentId").asText()).isEqualTo(id);
            awaitIncident(id, incident -> "waiting for the CDN vendor".equals(incident.get("blockedReason").asText(null)));
            assertThat(second.getEnvironment().metrics().counter("operator.requests.forwarded").getCount()
                    + APP.getEnvironment().metrics().counter("operator.requests.forwarded").getCount())
                    .as("requests forwarded by either instance").isPositive();
        } finally {
            second.after();
        }
    }

    // ---- helpers ----

    private static DropwizardAppExtension<EscalationConfiguration> instance(String name, int port) {
        String stateDir;
        try {
            // Under target/: the OS temp directory may be cleaned under a running instance.
            stateDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "operator-api-state-" + name)
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DropwizardAppExtension<>(EscalationApplication.class,
                ResourceHelpers.resourceFilePath("operator-api-test.yml"),
                ConfigOverride.config("kafka.bootstrapServers", () -> KAFKA.cluster().bootstrapServers()),
                ConfigOverride.config("schemaRegistry.url", REGISTRY),
                ConfigOverride.config("streams.stateDir", stateDir),
                ConfigOverride.config("server.applicationConnectors[0].port", String.valueOf(port)),
                ConfigOverride.config("streams.applicationServer", "localhost:" + port));
    }

    /** Sends one triggering alert, received now, and returns the id of the incident the API shows for it. */
    private static String open(String dedupKey, String title, String component, List<String> tenants,
                               boolean allTenants, Impact impact) {
        Instant now = Instant.now();
        AlertEvent alert = TestEvents.anAlert()
                .setEventId("evt-" + dedupKey)
                .setDedupKey("test:" + dedupKey)
                .setTitle(title)
                .setComponent(component)
                .setTenants(tenants)
                .setAllTenants(allTenants)
                .setImpact(impact)
                .setSeverityHint(null)
                .setSeverityHintReason(null)
                .setOccurredAt(now)
                .setReceivedAt(now)
                .build();
        try {
            alerts.send(new ProducerRecord<>(topics.alerts().name(), null, now.toEpochMilli(), alert.getDedupKey(), alert))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send the alert " + dedupKey, e.getCause());
        }
        List<String> found = new ArrayList<>();
        await("incident for " + title).atMost(WAIT).until(() -> {
            HttpResponse<String> answer = http.get("/incidents");
            if (answer.statusCode() != 200) {
                return false;
            }
            list(json(answer)).stream().filter(summary -> summary.get("title").asText().equals(title))
                    .map(summary -> summary.get("id").asText()).findFirst().ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static JsonNode awaitIncident(String id, Predicate<JsonNode> condition) {
        List<JsonNode> seen = new ArrayList<>();
        await("incident " + id).atMost(WAIT).until(() -> {
            HttpResponse<String> answer = http.get("/incidents/" + id);
            if (answer.statusCode() == 200 && condition.test(json(answer))) {
                seen.add(json(answer));
                return true;
            }
            return false;
        });
        return seen.get(0);
    }

    private static List<ConsumerRecord<String, IncidentCommand>> commands() {
        return TopicRecords.readAll(KAFKA.cluster(), topics.incidentCommands().name(),
                topics.incidentCommands().keyDeserializer(), topics.incidentCommands().valueDeserializer(), WAIT);
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<String> ids(List<JsonNode> summaries) {
        return summaries.stream().map(summary -> summary.get("id").asText()).sorted().toList();
    }
}
