package io.agentix.incident.ingest.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.RawWebhook;
import io.agentix.incident.events.RejectedWebhook;
import io.agentix.incident.events.WebhookDisposition;
import io.agentix.incident.ingest.IngestConfiguration;
import io.agentix.incident.ingest.IngestTestApplication;
import io.agentix.incident.ingest.Posts;
import io.agentix.incident.ingest.auth.HmacSha256;
import io.agentix.incident.ingest.core.EventIds;
import io.agentix.incident.localstack.registry.SchemaRegistryServer;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.testing.TopicRecords;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpec;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

/**
 * Every answer of the webhook endpoints over real HTTP, against a real broker and the local schema
 * registry: what is answered, and what is (or is not) on the topics when it is.
 *
 * <p>The tests share the topics; each finds its own records by the raw id it was answered.
 */
class WebhookEndpointsTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final TopicCatalog CATALOG = TopicCatalog.from(1, (short) 1, Map.of());
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
    private static SchemaRegistryServer registry;
    private static TopicSpecs topics;

    private static final DropwizardAppExtension<IngestConfiguration> APP = new DropwizardAppExtension<>(
            IngestTestApplication.class, ResourceHelpers.resourceFilePath("ingest-test.yml"),
            ConfigOverride.config("kafka.bootstrapServers", () -> KAFKA.cluster().bootstrapServers()),
            ConfigOverride.config("schemaRegistry.url", () -> registry.url()));

    private static Posts http;
    private static Posts admin;

    @BeforeAll
    static void start() throws Exception {
        KAFKA.cluster().createTopics(CATALOG);
        registry = SchemaRegistryServer.start(new SchemaRegistryServer.Config(KAFKA.cluster().bootstrapServers(),
                "localhost", 0, SchemaRegistryServer.DEFAULT_TOPIC));
        topics = TopicSpecs.create(CATALOG, Map.of("schema.registry.url", registry.url()));
        APP.before();
        http = new Posts(APP.getLocalPort());
        admin = new Posts(APP.getAdminPort());
    }

    @AfterAll
    static void stop() {
        APP.after();
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void acceptedDeliveryIsAnswered202WithItsCountsOnceItsRecordsAreOnTheTopics() {
        String body = """
                {"problem": "db-down", "title": "Datenbank nicht erreichbar — 接続エラー 🚨",
                 "at": "2025-11-21T23:48:42.311Z", "deploy": {"service": "api", "commit": "abc123"}}""";

        HttpResponse<String> response = http.post("/webhooks/betterstack/bs-token-acme", body,
                "Content-Type", "application/json", "X-Custom-Token", "not-to-be-kept", "User-Agent", "BetterStack");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode answer = Posts.json(response);
        String rawId = answer.get("rawId").asText();
        assertThat(answer.get("alerts").asInt()).isEqualTo(1);
        assertThat(answer.get("deployments").asInt()).isEqualTo(1);
        assertThat(answer.has("ignored")).isTrue();
        assertThat(answer.get("ignored").isNull()).isTrue();

        ConsumerRecord<String, RawWebhook> raw = only(topics.rawWebhooks(), rawId);
        assertThat(raw.key()).isEqualTo(rawId);
        RawWebhook webhook = raw.value();
        assertThat(webhook.getSource()).isEqualTo("betterstack");
        assertThat(webhook.getSourceAccount()).isEqualTo("acme");
        assertThat(webhook.getPath()).isEqualTo("/webhooks/betterstack/***");
        assertThat(webhook.getVerifiedBy()).isEqualTo("url-token");
        assertThat(webhook.getDisposition()).isEqualTo(WebhookDisposition.NORMALIZED);
        assertThat(webhook.getEventType()).isEqualTo("echo.firing");
        assertThat(bytes(webhook.getBody())).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(webhook.getBodySha256()).isEqualTo(EventIds.sha256Hex(body.getBytes(StandardCharsets.UTF_8)));
        assertThat(webhook.getContentType()).isEqualTo("application/json");
        assertThat(webhook.getHeaders()).containsEntry("user-agent", "BetterStack")
                .doesNotContainKey("x-custom-token")
                .allSatisfy((name, value) -> assertThat(value).doesNotContain("bs-token-acme"));
        assertThat(webhook.getPath()).doesNotContain("bs-token-acme");

        ConsumerRecord<String, AlertEvent> alert = only(topics.alerts(), rawId);
        assertThat(alert.key()).isEqualTo("betterstack:acme:db-down").isEqualTo(alert.value().getDedupKey());
        assertThat(alert.value().getTitle()).isEqualTo("Datenbank nicht erreichbar — 接続エラー 🚨");
        assertThat(alert.value().getOccurredAt()).isEqualTo(Instant.parse("2025-11-21T23:48:42.311Z"));
        ConsumerRecord<String, DeploymentEvent> deployment = only(topics.deployments(), rawId);
        assertThat(deployment.key()).isEqualTo("api");
        // The receipt time is every record's timestamp: the escalation engine's time for the alert.
        assertThat(raw.timestamp()).isEqualTo(webhook.getReceivedAt().toEpochMilli());
        assertThat(alert.timestamp()).isEqualTo(alert.value().getReceivedAt().toEpochMilli())
                .isEqualTo(raw.timestamp());
        assertThat(deployment.timestamp()).isEqualTo(raw.timestamp());
    }

    @Test
    void ignoredDeliveryIsKeptInRawAndAnswered202WithTheReason() {
        HttpResponse<String> response = http.post("/webhooks/railway/rw-token",
                "{\"ignore\": \"build progress\"}", "Content-Type", "application/json; charset=utf-8");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode answer = Posts.json(response);
        assertThat(answer.get("alerts").asInt()).isZero();
        assertThat(answer.get("ignored").asText()).isEqualTo("build progress");
        RawWebhook webhook = only(topics.rawWebhooks(), answer.get("rawId").asText()).value();
        assertThat(webhook.getDisposition()).isEqualTo(WebhookDisposition.IGNORED);
        assertThat(webhook.getNote()).isEqualTo("build progress");
    }

    @Test
    void signedSentryDeliveryIsAcceptedForTheAccountOfItsInstallation() {
        String body = "{\"action\": \"created\", \"installation\": {\"uuid\": \"inst-acme\"}, \"problem\": \"4711\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = http.post("/webhooks/sentry", bytes, "Content-Type", "application/json",
                "Sentry-Hook-Resource", "issue",
                "Sentry-Hook-Timestamp", String.valueOf(Instant.now().getEpochSecond()),
                "Sentry-Hook-Signature", new HmacSha256("sentry-secret-new").signHex(bytes));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        RawWebhook webhook = only(topics.rawWebhooks(), Posts.json(response).get("rawId").asText()).value();
        assertThat(webhook.getVerifiedBy()).isEqualTo("hmac-sha256");
        assertThat(webhook.getSourceAccount()).isEqualTo("acme");
        assertThat(webhook.getHeaders()).containsEntry("sentry-hook-resource", "issue")
                .containsKey("sentry-hook-timestamp")
                .doesNotContainKey("sentry-hook-signature");
    }

    @Test
    void sentryDeliveryOfAnUnmappedInstallationBelongsToTheDefaultAccount() {
        byte[] bytes = "{\"installation\": {\"uuid\": \"someone-else\"}, \"problem\": \"1\"}".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = http.post("/webhooks/sentry", bytes, "Content-Type", "application/json",
                "Sentry-Hook-Timestamp", String.valueOf(Instant.now().getEpochSecond()),
                "Sentry-Hook-Signature", new HmacSha256("sentry-secret-old").signHex(bytes));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(only(topics.alerts(), Posts.json(response).get("rawId").asText()).key()).isEqualTo("sentry:default:1");
    }

    @Test
    void eachTokenEndpointAcceptsItsTokenAndNamesHowItWasVerified() {
        assertVerified(http.post("/webhooks/sentry/sentry-legacy-token", "{\"problem\": \"p\"}",
                "Content-Type", "application/json"), "/webhooks/sentry/***", "url-token", "acme");
        assertVerified(http.post("/webhooks/alertmanager/am-token", "{\"problem\": \"p\"}",
                "Content-Type", "application/json"), "/webhooks/alertmanager/***", "url-token", "ops");
        assertVerified(http.post("/webhooks/alertmanager", "{\"problem\": \"p\"}",
                "Content-Type", "application/json", "Authorization", "Bearer am-token"),
                "/webhooks/alertmanager", "bearer", "ops");
        assertVerified(http.post("/reports", "{\"problem\": \"p\"}",
                "Content-Type", "application/json", "Authorization", "Bearer report-token"),
                "/reports", "bearer", "support");
        byte[] push = "{\"problem\": \"push\"}".getBytes(StandardCharsets.UTF_8);
        assertVerified(http.post("/webhooks/github", push, "Content-Type", "application/json", "X-GitHub-Event", "push",
                "X-Hub-Signature-256", "sha256=" + new HmacSha256("gh-secret").signHex(push)),
                "/webhooks/github", "hmac-sha256", "acme");
    }

    @Test
    void unprovenSendersGet401NamingTheReasonAndNothingIsPublished() {
        long before = recordsOn(topics.rawWebhooks()) + recordsOn(topics.rejectedWebhooks());
        byte[] body = "{\"problem\": \"p\"}".getBytes(StandardCharsets.UTF_8);
        // Signed pretty-printed, sent compact: the signature covers the raw bytes, not the JSON value.
        byte[] reserialized = "{\"problem\":\"p\"}".getBytes(StandardCharsets.UTF_8);
        String now = String.valueOf(Instant.now().getEpochSecond());
        String stale = String.valueOf(Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond());
        String sentrySignature = new HmacSha256("sentry-secret-new").signHex(body);

        HttpResponse<String> refusedToken = http.post("/webhooks/betterstack/wrong-token", body,
                "Content-Type", "application/json");
        assertUnauthorized(refusedToken, "unknown betterstack URL token");
        // The body was never read: the client must not reuse a connection that still holds it.
        assertThat(refusedToken.headers().firstValue("Connection")).hasValue("close");
        assertUnauthorized(http.post("/webhooks/alertmanager", body, "Content-Type", "application/json"),
                "missing Authorization: Bearer token for alertmanager");
        assertUnauthorized(http.post("/reports", body, "Content-Type", "application/json",
                "Authorization", "Bearer bs-token-acme"), "unknown report bearer token");
        assertUnauthorized(http.post("/webhooks/sentry", reserialized, "Content-Type", "application/json",
                "Sentry-Hook-Timestamp", now, "Sentry-Hook-Signature", sentrySignature),
                "Sentry-Hook-Signature does not match the HMAC-SHA256 of the raw body (15 bytes) with the configured client secret");
        HttpResponse<String> staleAnswer = http.post("/webhooks/sentry", body, "Content-Type", "application/json",
                "Sentry-Hook-Timestamp", stale, "Sentry-Hook-Signature", sentrySignature);
        assertThat(staleAnswer.statusCode()).isEqualTo(401);
        assertThat(Posts.json(staleAnswer).get("message").asText()).matches("Sentry-Hook-Timestamp \\S+ is 36[01] s behind"
                + " the server clock \\(.*\\), beyond the allowed skew of 300 s");
        assertUnauthorized(http.post("/webhooks/github", body, "Content-Type", "application/json",
                "X-Hub-Signature-256", "sha256=" + new HmacSha256("another-secret").signHex(body)),
                "X-Hub-Signature-256 does not match the body signed with the webhook secret");

        assertThat(recordsOn(topics.rawWebhooks()) + recordsOn(topics.rejectedWebhooks())).isEqualTo(before);
        assertThat(admin.get("/metrics/prometheus").body())
                .contains("ingest_requests_total{source=\"sentry\",outcome=\"unauthorized\"} ")
                .contains("ingest_requests_total{source=\"betterstack\",outcome=\"unauthorized\"} ");
    }

    @Test
    void malformedBodyIsAnswered400NamingThePathAfterItIsKeptInRejected() {
        String body = "{\"status\": \"firing\"}";

        HttpResponse<String> response = http.post("/webhooks/betterstack/bs-token-globex", body,
                "Content-Type", "application/json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        JsonNode answer = Posts.json(response);
        assertThat(answer.get("code").asInt()).isEqualTo(400);
        assertThat(answer.get("message").asText()).isEqualTo("$.problem: missing");
        RejectedWebhook rejected = only(topics.rejectedWebhooks(), answer.get("rawId").asText()).value();
        assertThat(rejected.getHttpStatus()).isEqualTo(400);
        assertThat(rejected.getReason()).isEqualTo("$.problem: missing");
        assertThat(rejected.getErrorPath()).isEqualTo("$.problem");
        assertThat(rejected.getSourceAccount()).isEqualTo("globex");
        assertThat(rejected.getPath()).isEqualTo("/webhooks/betterstack/***");
        assertThat(bytes(rejected.getBody())).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(rejected.getBodyTruncated()).isFalse();
    }

    @Test
    void bodyThatIsNotJsonIsAnswered400() {
        HttpResponse<String> response = http.post("/webhooks/railway/rw-token", "{\"problem\": ",
                "Content-Type", "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Posts.json(response).get("message").asText()).startsWith("$: not valid JSON");
    }

    @Test
    void bodyOverTheLimitIsAnswered413AndKeptCut() {
        byte[] body = new byte[1024 * 1024 + 1];
        Arrays.fill(body, (byte) 'x');

        HttpResponse<String> response = http.post("/webhooks/railway/rw-token", body, "Content-Type", "application/json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        JsonNode answer = Posts.json(response);
        assertThat(answer.get("message").asText())
                .isEqualTo("body of 1048577 bytes exceeds the limit of 1048576 bytes");
        RejectedWebhook rejected = only(topics.rejectedWebhooks(), answer.get("rawId").asText()).value();
        assertThat(rejected.getHttpStatus()).isEqualTo(413);
        assertThat(rejected.getBodySize()).isEqualTo(1024 * 1024 + 1);
        assertThat(rejected.getBodyTruncated()).isTrue();
        assertThat(rejected.getBody().remaining()).isEqualTo(1024);
    }

    @Test
    void bodyJustUnderTheLimitIsAccepted() {
        String prefix = "{\"problem\": \"big\", \"padding\": \"";
        String suffix = "\"}";
        String body = prefix + "p".repeat(1024 * 1024 - prefix.length() - suffix.length()) + suffix;

        HttpResponse<String> response = http.post("/webhooks/railway/rw-token", body, "Content-Type", "application/json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void bodyThatIsNotDeclaredJsonIsAnswered415AndKept() {
        String body = "{\"problem\": \"" + "t".repeat(2000) + "\"}";

        HttpResponse<String> text = http.post("/webhooks/railway/rw-token", body, "Content-Type", "text/plain");
        HttpResponse<String> form = http.post("/webhooks/railway/rw-token", "problem=x",
                "Content-Type", "application/x-www-form-urlencoded");
        HttpResponse<String> none = http.post("/webhooks/railway/rw-token", body);

        assertThat(text.statusCode()).as(text.body()).isEqualTo(415);
        assertThat(Posts.json(text).get("message").asText())
                .isEqualTo("Content-Type text/plain is not JSON; expected application/json");
        assertThat(form.statusCode()).as(form.body()).isEqualTo(415);
        assertThat(none.statusCode()).as(none.body()).isEqualTo(415);
        assertThat(Posts.json(none).get("message").asText()).isEqualTo("Content-Type is missing; expected application/json");
        RejectedWebhook rejected = only(topics.rejectedWebhooks(), Posts.json(text).get("rawId").asText()).value();
        assertThat(rejected.getHttpStatus()).isEqualTo(415);
        assertThat(rejected.getContentType()).isEqualTo("text/plain");
        assertThat(rejected.getBodySize()).isEqualTo(body.length());
        assertThat(rejected.getBody().remaining()).isEqualTo(1024);
        assertThat(rejected.getBodyTruncated()).isTrue();
    }

    @Test
    void structuredJsonMediaTypesAreAccepted() {
        HttpResponse<String> response = http.post("/webhooks/railway/rw-token", "{\"problem\": \"p\"}",
                "Content-Type", "application/vnd.railway+json; charset=UTF-8");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void adminPortReportsHealthAndPerSourceMetrics() {
        http.post("/webhooks/railway/rw-token", "{\"problem\": \"p\"}", "Content-Type", "application/json");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> health = admin.get("/health");
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(Posts.json(health).at("/kafka-sends/healthy").asBoolean()).isTrue();
        });
        String metrics = admin.get("/metrics/prometheus").body();
        assertThat(metrics)
                .containsPattern("ingest_requests_total\\{source=\"railway\",outcome=\"accepted\"} [1-9]")
                .contains("ingest_requests_total{source=\"github\",outcome=\"unavailable\"} 0")
                .contains("ingest_request_duration_seconds{source=\"railway\",outcome=\"accepted\",quantile=\"0.99\"} ");
    }

    @Test
    void unknownWebhookPathsAndOtherMethodsGetJsonErrors() {
        HttpResponse<String> unknown = http.post("/webhooks/nagios/some-token", "{}", "Content-Type", "application/json");
        HttpResponse<String> tooDeep = http.post("/webhooks/railway/rw-token/extra", "{}", "Content-Type", "application/json");
        HttpResponse<String> get = http.get("/webhooks/sentry");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Posts.json(unknown).get("code").asInt()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Connection")).hasValue("close");
        assertThat(tooDeep.statusCode()).isEqualTo(404);
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(Posts.json(get).get("code").asInt()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("POST"));
    }

    private static void assertVerified(HttpResponse<String> response, String path, String verifiedBy, String account) {
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(202);
        RawWebhook webhook = only(topics.rawWebhooks(), Posts.json(response).get("rawId").asText()).value();
        assertThat(webhook.getPath()).isEqualTo(path);
        assertThat(webhook.getVerifiedBy()).isEqualTo(verifiedBy);
        assertThat(webhook.getSourceAccount()).isEqualTo(account);
        assertThat(webhook.getHeaders()).doesNotContainKeys("authorization", "x-hub-signature-256");
    }

    private static void assertUnauthorized(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        JsonNode answer = Posts.json(response);
        assertThat(answer.get("code").asInt()).isEqualTo(401);
        assertThat(answer.get("message").asText()).isEqualTo(reason);
    }

    /** The one record of {@code spec}'s topic that came from the delivery {@code rawId}. */
    private static <V extends SpecificRecordBase> ConsumerRecord<String, V> only(TopicSpec<String, V> spec, String rawId) {
        List<ConsumerRecord<String, V>> records = TopicRecords.readAll(KAFKA.cluster(), spec.name(),
                spec.keyDeserializer(), spec.valueDeserializer(), READ_TIMEOUT);
        return records.stream()
                .filter(r -> rawId.equals(String.valueOf(r.value().get("rawId"))))
                .reduce((a, b) -> {
                    throw new AssertionError("two records of " + rawId + " on " + spec.name());
                })
                .orElseThrow(() -> new AssertionError("no record of " + rawId + " on " + spec.name()));
    }

    private static long recordsOn(TopicSpec<String, ?> spec) {
        return TopicRecords.readAll(KAFKA.cluster(), spec.name(), spec.keyDeserializer(), spec.valueDeserializer(),
                READ_TIMEOUT).size();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
