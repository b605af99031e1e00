package io.agentix.incident.notifier.channel;

import static io.agentix.incident.notifier.channel.TestNotifications.INCIDENT;
import static io.agentix.incident.notifier.channel.TestNotifications.aPage;
import static io.agentix.incident.notifier.channel.TestNotifications.pageDelivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.PageAction;
import io.agentix.incident.events.Severity;
import io.dropwizard.jackson.Jackson;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP page channels against a real local HTTP receiver. */
class PageChannelsTest {

    private static final Instant NOW = Instant.parse("2026-03-15T09:31:07Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SECRET = "whsec-7f3a2c";
    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    private RecordingHttpServer receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new RecordingHttpServer();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private WebhookPageChannel webhook() {
        return new WebhookPageChannel("mira", HTTP, receiver.url("/hooks/mira"), Duration.ofSeconds(5), SECRET, CLOCK, JSON);
    }

    private SlackPageChannel slack() {
        return new SlackPageChannel("jonas", HTTP, receiver.url("/services/T0/B0/xyz"), Duration.ofSeconds(5), JSON);
    }

    private PagerDutyPageChannel pagerDuty() {
        return new PagerDutyPageChannel("oncall-pd", HTTP, receiver.url("/v2/enqueue"), Duration.ofSeconds(5),
                "R0UT1NGKEY", "agentix-prod", JSON);
    }

    // --- generic signed webhook

    @Test
    void webhookSignatureVerifiesForTheReceiverOverTheRawBody() throws Exception {
        Notification page = aPage().setSubject("[P1] Störung 配信遅延 🚨").build();

        webhook().send(pageDelivery(page, "mira"));

        RecordingHttpServer.Received request = receiver.only();
        String signature = request.headers().getFirst("X-Signature");
        assertThat(signature).matches("t=" + NOW.getEpochSecond() + ",v1=[0-9a-f]{64}");
        assertThat(WebhookPageChannel.verify(signature, request.body(), SECRET, NOW.plusSeconds(30), Duration.ofMinutes(5)))
                .isTrue();
        assertThat(request.headers().getFirst("X-Delivery-Id")).isEqualTo(page.getNotificationId() + "@mira");
        assertThat(request.headers().getFirst("Content-Type")).isEqualTo("application/json; charset=utf-8");
    }

    @Test
    void webhookSignatureFailsForAChangedBodyAWrongSecretAStaleTimeAndGarbage() throws Exception {
        webhook().send(pageDelivery(aPage().build(), "mira"));
        RecordingHttpServer.Received request = receiver.only();
        String signature = request.headers().getFirst("X-Signature");
        byte[] body = request.body();
        byte[] changed = request.bodyText().replace("P1", "P4").getBytes(StandardCharsets.UTF_8);
        Duration fiveMinutes = Duration.ofMinutes(5);

        assertThat(WebhookPageChannel.verify(signature, changed, SECRET, NOW, fiveMinutes)).isFalse();
        assertThat(WebhookPageChannel.verify(signature, body, "another-secret", NOW, fiveMinutes)).isFalse();
        assertThat(WebhookPageChannel.verify(signature, body, SECRET, NOW.plus(Duration.ofMinutes(6)), fiveMinutes)).isFalse();
        String otherTime = signature.replace("t=" + NOW.getEpochSecond(), "t=" + (NOW.getEpochSecond() + 1));
        assertThat(WebhookPageChannel.verify(otherTime, body, SECRET, NOW, fiveMinutes)).as("t is signed").isFalse();
        assertThat(WebhookPageChannel.verify("t=abc,v1=zz", body, SECRET, NOW, fiveMinutes)).isFalse();
        assertThat(WebhookPageChannel.verify(null, body, SECRET, NOW, fiveMinutes)).isFalse();
        assertThat(WebhookPageChannel.verify(signature, body, SECRET, NOW, fiveMinutes)).isTrue();
    }

    @Test
    void webhookSignatureIsTheDocumentedHmacSoAnyLanguageCanCheckIt() throws Exception {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        // HMAC-SHA256(key "secret", "1700000000.{"a":1}"), computed independently (openssl dgst -sha256 -hmac secret).
        assertThat(WebhookPageChannel.signatureHeader(1_700_000_000L, body, "secret".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("t=1700000000,v1=" + OPENSSL_HMAC);
    }

    static final String OPENSSL_HMAC = "49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686";

    @Test
    void webhookBodyCarriesTheDeliveryAndTheNotificationAsRendered() throws Exception {
        Notification page = aPage().build();

        SendResult result = webhook().send(pageDelivery(page, "mira"));

        JsonNode body = JSON.readTree(receiver.only().body());
        assertThat(body.get("deliveryId").asText()).isEqualTo(page.getNotificationId() + "@mira");
        assertThat(body.get("incidentId").asText()).isEqualTo(INCIDENT);
        assertThat(body.get("kind").asText()).isEqualTo("INCIDENT_OPENED");
        assertThat(body.get("severity").asText()).isEqualTo("P1");
        assertThat(body.get("pageAction").asText()).isEqualTo("TRIGGER");
        assertThat(body.get("recipientRole").asText()).isEqualTo("on-call");
        assertThat(body.get("route").asText()).isEqualTo("mira");
        assertThat(body.get("recipients").get(0).get("id").asText()).isEqualTo("mira");
        assertThat(body.get("subject").asText()).isEqualTo(page.getSubject());
        assertThat(body.get("body").asText()).isEqualTo(page.getBody());
        assertThat(body.get("links").get(0).get("url").asText()).isEqualTo("https://sentry.io/issues/42");
        assertThat(body.get("createdAt").asText()).isEqualTo("2026-03-15T09:30:00Z");
        assertThat(result.deliveredTo()).containsExactly("mira");
    }

    // --- Slack

    @Test
    void slackGetsTextAndBlocksWithBodyLinksAndContext() throws Exception {
        Notification page = aPage().setBody("Tenants: <all> & more").build();

        slack().send(pageDelivery(page, "jonas"));

        RecordingHttpServer.Received request = receiver.only();
        assertThat(request.path()).isEqualTo("/services/T0/B0/xyz");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("text").asText()).isEqualTo(page.getSubject());
        JsonNode blocks = body.get("blocks");
        assertThat(blocks.get(0).get("type").asText()).isEqualTo("header");
        assertThat(blocks.get(0).get("text").get("text").asText()).isEqualTo(page.getSubject());
        assertThat(blocks.get(1).get("text").get("type").asText()).isEqualTo("mrkdwn");
        assertThat(blocks.get(1).get("text").get("text").asText()).isEqualTo("Tenants: &lt;all&gt; &amp; more");
        assertThat(blocks.get(2).get("text").get("text").asText()).isEqualTo(
                "• <https://sentry.io/issues/42|Sentry issue>\n"
                        + "• Deployment Runbook: Rollback Procedures: runbooks/deployment.md#rollback-procedures");
        String context = blocks.get(3).get("elements").get(0).get("text").asText();
        assertThat(blocks.get(3).get("type").asText()).isEqualTo("context");
        assertThat(context).contains("`" + INCIDENT + "`", "P1", "INCIDENT_OPENED", "TRIGGER", "Mira Okafor", "(on-call)",
                "delivery `" + page.getNotificationId() + "@jonas`");
    }

    @Test
    void slackHeaderIsCutToSlacksLimitWithoutBreakingAnEmoji() throws Exception {
        String longTitle = "x".repeat(148) + "🚨🚨";
        slack().send(pageDelivery(aPage().setSubject(longTitle).build(), "jonas"));

        String header = JSON.readTree(receiver.only().body()).get("blocks").get(0).get("text").get("text").asText();
        assertThat(header.length()).isLessThanOrEqualTo(SlackPageChannel.HEADER_MAX);
        assertThat(header).isEqualTo("x".repeat(148) + "…");
    }

    // --- PagerDuty

    @Test
    void pagerDutyTriggerCarriesRoutingKeyDedupKeySummarySourceSeverityAndDetails() throws Exception {
        receiver.answer(202, "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + INCIDENT + "\"}");
        Notification page = aPage().build();

        SendResult result = pagerDuty().send(pageDelivery(page, "oncall-pd"));

        RecordingHttpServer.Received request = receiver.only();
        assertThat(request.path()).isEqualTo("/v2/enqueue");
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
        assertThat(body.get("event_action").asText()).isEqualTo("trigger");
        assertThat(body.get("dedup_key").asText()).isEqualTo(INCIDENT);
        JsonNode payload = body.get("payload");
        assertThat(payload.get("summary").asText()).isEqualTo(page.getSubject());
        assertThat(payload.get("source").asText()).isEqualTo("agentix-prod");
        assertThat(payload.get("severity").asText()).isEqualTo("critical");
        assertThat(payload.get("timestamp").asText()).isEqualTo("2026-03-15T09:30:00Z");
        assertThat(payload.get("class").asText()).isEqualTo("INCIDENT_OPENED");
        assertThat(payload.get("group").asText()).isEqualTo("on-call");
        JsonNode details = payload.get("custom_details");
        assertThat(details.get("delivery_id").asText()).isEqualTo(page.getNotificationId() + "@oncall-pd");
        assertThat(details.get("kind").asText()).isEqualTo("INCIDENT_OPENED");
        assertThat(details.get("links").get(1).get("url").asText()).isEqualTo("runbooks/deployment.md#rollback-procedures");
        assertThat(body.get("links")).hasSize(1);
        assertThat(body.get("links").get(0).get("href").asText()).isEqualTo("https://sentry.io/issues/42");
        assertThat(result.providerId()).isEqualTo(INCIDENT);
    }

    @ParameterizedTest
    @CsvSource({"ACKNOWLEDGE, acknowledge", "RESOLVE, resolve"})
    void pagerDutyAcknowledgeAndResolveNameTheIncidentsAlertAndNothingElse(PageAction action, String eventAction)
            throws Exception {
        receiver.answer(202, "{\"status\":\"success\",\"dedup_key\":\"" + INCIDENT + "\"}");

        pagerDuty().send(pageDelivery(aPage().setPageAction(action).build(), "oncall-pd"));

        JsonNode body = JSON.readTree(receiver.only().body());
        assertThat(body.get("event_action").asText()).isEqualTo(eventAction);
        assertThat(body.get("dedup_key").asText()).isEqualTo(INCIDENT);
        assertThat(body.get("routing_key").asText()).isEqualTo("R0UT1NGKEY");
        assertThat(body.has("payload")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"P1, critical", "P2, error", "P3, warning", "P4, info"})
    void pagerDutySeverityFollowsTheRunbookLevels(Severity severity, String expected) throws Exception {
        receiver.answer(202, "{}");

        pagerDuty().send(pageDelivery(aPage().setSeverity(severity).build(), "oncall-pd"));

        assertThat(JSON.readTree(receiver.only().body()).get("payload").get("severity").asText()).isEqualTo(expected);
    }

    @Test
    void pagerDutySummaryIsCutTo1024Characters() throws Exception {
        receiver.answer(202, "not json");

        SendResult result = pagerDuty().send(pageDelivery(aPage().setSubject("s".repeat(2000)).build(), "oncall-pd"));

        assertThat(JSON.readTree(receiver.only().body()).get("payload").get("summary").asText()).hasSize(1024);
        assertThat(result.providerId()).as("the dedup key we sent").isEqualTo(INCIDENT);
    }

    // --- failure classification, the same for every HTTP route

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503})
    void throttlingTimeoutsAndServerErrorsAreRetryable(int status) {
        receiver.answer(status, "{\"status\":\"throttled\"}");

        assertThatThrownBy(() -> pagerDuty().send(pageDelivery(aPage().build(), "oncall-pd")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("answered " + status).hasMessageContaining("throttled");
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 404, 410})
    void otherClientErrorsArePermanent(int status) {
        receiver.answer(status, "invalid_payload");

        assertThatThrownBy(() -> slack().send(pageDelivery(aPage().build(), "jonas")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("invalid_payload")
                .hasMessageNotContaining("/services/T0/B0/xyz");
    }

    @Test
    void aReceiverThatIsDownIsRetryable() throws Exception {
        URI closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + probe.getLocalPort() + "/hook");
        }
        WebhookPageChannel down = new WebhookPageChannel("mira", HTTP, closed, Duration.ofSeconds(2), SECRET, CLOCK, JSON);

        assertThatThrownBy(() -> down.send(pageDelivery(aPage().build(), "mira")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("did not answer");
    }

    @Test
    void aReceiverThatNeverAnswersTimesOutRetryably() {
        receiver.hang();
        WebhookPageChannel impatient = new WebhookPageChannel("mira", HTTP, receiver.url("/hook"), Duration.ofMillis(300),
                SECRET, CLOCK, JSON);

        assertThatThrownBy(() -> impatient.send(pageDelivery(aPage().build(), "mira")))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("timed out");
    }

    @Test
    void routesRefuseToBeBuiltWithoutTheirSecretOrKey() {
        assertThatThrownBy(() -> new WebhookPageChannel("mira", HTTP, receiver.url("/"), Duration.ofSeconds(1), " ", CLOCK,
                JSON)).hasMessageContaining("webhook page route 'mira' needs a secret");
        assertThatThrownBy(() -> new PagerDutyPageChannel("pd", HTTP, receiver.url("/"), Duration.ofSeconds(1), null, null,
                JSON)).hasMessageContaining("PagerDuty page route 'pd' needs a routingKey");
    }

}
