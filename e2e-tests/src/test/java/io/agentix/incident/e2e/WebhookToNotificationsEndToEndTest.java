package io.agentix.incident.e2e;

import static io.agentix.incident.e2e.Http.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;

import io.agentix.incident.escalation.EscalationConfiguration;
import io.agentix.incident.ingest.IngestConfiguration;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.localstack.registry.SchemaRegistryServer;
import io.agentix.incident.notifier.NotifierApplication;
import io.agentix.incident.notifier.NotifierConfiguration;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

/**
 * The whole engine in one JVM on one real broker and the local schema registry: ingest, escalation-streams
 * with its operator API, and the notifier, each the real Dropwizard application on its {@code config-dev.yml},
 * with mail to a GreenMail SMTP server and pages to a real HTTP receiver. A BetterStack outage of the API's
 * health monitor goes in as a webhook; the test follows it as an on-call engineer and a customer would see it:
 * pages, acknowledge, the initial customer notice, resolve, the resolution notice; and then checks the audit
 * trail: every step on the incident's timeline, and exactly one SENT receipt and one arrival per delivery.
 */
class WebhookToNotificationsEndToEndTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String OPERATOR = "Bearer " + Engine.DEV_TOKEN;
    /** Template 1's subject in the shipped policy (the runbook's section 5, word for word). */
    private static final String INITIAL_NOTICE_SUBJECT = "[Agentix] Service Disruption — We’re Investigating";
    /** Every customer contact of the shipped policy's tenants (initech has none). */
    private static final Set<String> CUSTOMER_CONTACTS = Set.of("ops@acme.example", "it-support@acme.example",
            "incidents@globex.example", "technik@mueller-logistik.example");

    private static final PageReceiver PAGES = new PageReceiver(Engine.PAGE_SECRET);
    private static final Path CAPTURED_PAGES = Engine.directory("captured-pages");
    private static SchemaRegistryServer registry;
    private static GreenMail smtp;

    private static final DropwizardAppExtension<EscalationConfiguration> STREAMS = Engine.streams(
            () -> KAFKA.cluster().bootstrapServers(), () -> registry.url(), FreePorts.pick(), "e2e");
    private static final DropwizardAppExtension<NotifierConfiguration> NOTIFIER = Engine.notifier(NotifierApplication.class,
            () -> KAFKA.cluster().bootstrapServers(), () -> registry.url(), () -> smtp.getSmtp().getPort(), PAGES,
            CAPTURED_PAGES, Map.of());
    private static final DropwizardAppExtension<IngestConfiguration> INGEST = Engine.ingest(
            () -> KAFKA.cluster().bootstrapServers(), () -> registry.url());

    private static Deliveries deliveries;
    private static Http ingest;
    private static Http operatorApi;

    @BeforeAll
    static void start() throws Exception {
        registry = Engine.registry(KAFKA.cluster());
        smtp = Engine.smtp();
        // escalation-streams first: it creates every topic of the catalog (alerts and commands with one partition).
        STREAMS.before();
        NOTIFIER.before();
        INGEST.before();
        ingest = new Http(INGEST.getLocalPort());
        operatorApi = new Http(STREAMS.getLocalPort());
        deliveries = new Deliveries(smtp, PAGES, KAFKA.cluster(), Engine.topics(NOTIFIER).receipts());
        // 503 while Kafka Streams starts: the first 200 says the engine's stores are queryable.
        await("the operator API answers").atMost(Duration.ofSeconds(60))
                .until(() -> operatorApi.get("/incidents").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        INGEST.after();
        NOTIFIER.after();
        STREAMS.after();
        Engine.stopServers(smtp, registry, PAGES);
    }

    @Test
    void betterStackOutageOfTheApiIsPagedAcknowledgedAnnouncedAndResolvedWithEveryStepOnItsTimeline() throws Exception {
        // 1. BetterStack reports the API's health monitor down.
        HttpResponse<String> accepted = ingest.post("/webhooks/betterstack/" + Engine.DEV_TOKEN,
                betterStackStarted("API /health", Instant.now()), "Content-Type", "application/json");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(json(accepted).get("alerts").asInt()).isEqualTo(1);

        // 2. It opens as a P1 for every tenant, on the api component.
        JsonNode summary = await("the incident opens").atMost(WAIT).until(
                () -> json(operatorApi.get("/incidents?status=OPEN")), list -> list.size() > 0).get(0);
        String id = summary.get("id").asText();
        assertThat(summary.get("severity").asText()).isEqualTo("P1");
        assertThat(summary.get("allTenants").asBoolean()).isTrue();
        assertThat(summary.get("components")).extracting(JsonNode::asText).containsExactly("api");
        assertThat(summary.get("onCall").asText()).as("no deploy to main yet: the policy's fallback").isEqualTo("jonas");

        // 3. On-call and everyone are paged at the receiver, each page signed.
        await("on-call and everyone paged").atMost(WAIT).until(() -> deliveries.paged(id, "INCIDENT_OPENED").equals(Set.of("jonas"))
                && deliveries.paged(id, "ALL_HANDS").equals(Set.copyOf(Engine.PEOPLE)));
        assertThat(deliveries.pages(id, "INCIDENT_OPENED")).allSatisfy(page -> assertThat(page.recipientRole()).isEqualTo("on-call"));
        assertThat(deliveries.pages(id, "ALL_HANDS")).allSatisfy(page -> assertThat(page.recipientRole()).isEqualTo("everyone"));
        assertThat(deliveries.mails(id, "INITIAL_NOTICE")).as("no customer notice before anyone looked").isEmpty();

        // 4. The on-call engineer acknowledges through the operator API.
        HttpResponse<String> acknowledge = operatorApi.post("/incidents/" + id + "/acknowledge",
                "{\"message\": \"looking at the API pods\"}", "Authorization", OPERATOR, "Content-Type", "application/json");
        assertThat(acknowledge.statusCode()).as(acknowledge.body()).isEqualTo(202);
        JsonNode acknowledged = awaitIncident(id, incident -> incident.get("status").asText().equals("ACKNOWLEDGED"));
        assertThat(acknowledged.get("acknowledgedBy").asText()).isEqualTo("operator");

        // 5. The initial customer notice (template 1) reaches every contact of every affected tenant.
        await("the initial notice in the mailboxes").atMost(WAIT).until(
                () -> deliveries.reachedEveryMailbox(id, "INITIAL_NOTICE", CUSTOMER_CONTACTS));
        assertThat(deliveries.mails(id, "INITIAL_NOTICE")).allSatisfy(mail -> {
            assertThat(mail.getSubject()).isEqualTo(INITIAL_NOTICE_SUBJECT);
            assertThat(Deliveries.text(mail)).contains("Our team is actively investigating");
            assertThat(mail.getFrom()[0].toString()).contains("support@agentixx.io");
        });

        // 6. Resolved through the API, with what the customers are told.
        HttpResponse<String> resolve = operatorApi.post("/incidents/" + id + "/resolve", """
                {"rootCause": "A connection pool leak exhausted the API's database connections",
                 "impact": "The API answered 503 to every tenant for a few minutes",
                 "prevention": "Alert on pool saturation and cap connections per pod"}""",
                "Authorization", OPERATOR, "Content-Type", "application/json");
        assertThat(resolve.statusCode()).as(resolve.body()).isEqualTo(202);
        awaitIncident(id, incident -> incident.get("status").asText().equals("RESOLVED"));

        // 7. The resolution notice (template 3) reaches the same contacts, with the root cause.
        await("the resolution notice in the mailboxes").atMost(WAIT).until(
                () -> deliveries.reachedEveryMailbox(id, "RESOLUTION_NOTICE", CUSTOMER_CONTACTS));
        assertThat(deliveries.mails(id, "RESOLUTION_NOTICE")).allSatisfy(mail ->
                assertThat(Deliveries.text(mail)).contains("A connection pool leak exhausted"));

        // 8. Every notification the engine decided has its receipt, then the audit trail is complete.
        JsonNode incident = await("a receipt for every notification").atMost(WAIT).until(
                () -> json(operatorApi.get("/incidents/" + id)),
                deliveries::everyDeliveryHasAReceipt);
        assertTimelineHoldsEveryStep(incident);
        deliveries.assertEachDeliveryHappenedOnce(incident);
        Deliveries.assertNothingCaptured(CAPTURED_PAGES);
    }

    private static void assertTimelineHoldsEveryStep(JsonNode incident) {
        List<JsonNode> timeline = Deliveries.list(incident.get("timeline"));
        assertThat(timeline.stream().map(entry -> entry.get("sequence").asLong()).toList()).isSorted();
        int opened = indexOf(timeline, entry -> type(entry, "OPENED"));
        int onCallPaged = indexOf(timeline, entry -> notified(entry, "INCIDENT_OPENED")
                && entry.at("/details/role").asText().equals("on-call") && entry.at("/details/channel").asText().equals("PAGE"));
        int everyonePaged = indexOf(timeline, entry -> notified(entry, "ALL_HANDS")
                && entry.at("/details/role").asText().equals("everyone"));
        int acknowledged = indexOf(timeline, entry -> entry.get("toStatus").asText().equals("ACKNOWLEDGED")
                && entry.get("actor").asText().equals("operator"));
        List<JsonNode> initialNotices = timeline.stream().filter(entry -> notified(entry, "INITIAL_NOTICE")).toList();
        int resolved = indexOf(timeline, entry -> entry.get("toStatus").asText().equals("RESOLVED"));
        List<JsonNode> resolutionNotices = timeline.stream().filter(entry -> notified(entry, "RESOLUTION_NOTICE")).toList();

        assertThat(opened).as("OPENED first").isZero();
        assertThat(onCallPaged).isGreaterThan(opened);
        assertThat(everyonePaged).isGreaterThan(opened);
        assertThat(acknowledged).isGreaterThan(Math.max(onCallPaged, everyonePaged));
        assertThat(initialNotices).extracting(entry -> entry.at("/details/tenant").asText())
                .containsExactlyInAnyOrder("acme", "globex", "mueller");
        assertThat(initialNotices).allSatisfy(entry -> assertThat(timeline.indexOf(entry)).isGreaterThan(acknowledged)
                .isLessThan(resolved));
        assertThat(timeline).as("the tenant without contacts is noted, not silently skipped")
                .anySatisfy(entry -> assertThat(entry.get("summary").asText()).contains("INITIAL_NOTICE not sent to tenant Initech"));
        assertThat(resolutionNotices).extracting(entry -> entry.at("/details/tenant").asText())
                .containsExactlyInAnyOrder("acme", "globex", "mueller");
        assertThat(resolutionNotices).allSatisfy(entry -> assertThat(timeline.indexOf(entry)).isGreaterThan(resolved));
        assertThat(incident.get("rootCause").asText()).startsWith("A connection pool leak");
    }

    // ---- reading what each party saw ----

    private static JsonNode awaitIncident(String id, Predicate<JsonNode> condition) {
        return await().atMost(WAIT).until(() -> json(operatorApi.get("/incidents/" + id)), condition);
    }

    private static boolean type(JsonNode entry, String type) {
        return entry.get("type").asText().equals(type);
    }

    private static boolean notified(JsonNode entry, String kind) {
        return type(entry, "NOTIFIED") && entry.at("/details/kind").asText().equals(kind);
    }

    private static int indexOf(List<JsonNode> timeline, Predicate<JsonNode> step) {
        for (int i = 0; i < timeline.size(); i++) {
            if (step.test(timeline.get(i))) {
                return i;
            }
        }
        throw new AssertionError("no such step on the timeline: " + timeline);
    }

    /**
     * A BetterStack "incident started" webhook as BetterStack sends it (the shape of ingest-service's saved
     * payloads), for the monitor named {@code monitor}, started at {@code startedAt}.
     */
    static String betterStackStarted(String monitor, Instant startedAt) {
        String id = String.valueOf(startedAt.toEpochMilli());
        return """
                {
                  "event": "started",
                  "data": {
                    "id": "%s",
                    "type": "incident",
                    "attributes": {
                      "name": "%s",
                      "url": "https://api.agentixx.io/health",
                      "http_method": "get",
                      "cause": "Status 503",
                      "started_at": "%s",
                      "acknowledged_at": null,
                      "resolved_at": null,
                      "response_content": "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
                      "response_url": "https://uptime.betterstack.com/team/t4711/incidents/%s/response",
                      "status": "Started",
                      "team_name": "Plattform",
                      "regions": ["us", "eu"]
                    },
                    "relationships": {"monitor": {"data": {"id": "2095541", "type": "monitor"}}}
                  }
                }""".formatted(id, monitor, startedAt.truncatedTo(ChronoUnit.MILLIS), id);
    }
}
