package io.agentix.incident.notifier;

import static io.agentix.incident.notifier.channel.TestNotifications.INCIDENT;
import static io.agentix.incident.notifier.channel.TestNotifications.aCustomerNotice;
import static io.agentix.incident.notifier.channel.TestNotifications.aPage;
import static io.agentix.incident.notifier.channel.TestNotifications.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.PageAction;
import io.agentix.incident.events.DeliveryStatus;
import io.agentix.incident.events.NotificationReceipt;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.testing.TopicRecords;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notifier as {@code bin/incident-engine dev} runs it: the real application with the module's own
 * {@code config-dev.yml} (ports, broker and directories overridden), on a real broker. Notifications
 * published to {@code notifications} arrive as mail in the SMTP capture and as pages in the capture route,
 * read back over HTTP at {@code /outbox} and {@code /pages}, each with a SENT receipt; the health check is green.
 */
class NotifierApplicationTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final String REGISTRY = "mock://notifier-application-test";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path WORK = temporaryDirectory();
    private static final int SMTP_PORT = FreePorts.pick();

    private static final DropwizardAppExtension<NotifierConfiguration> APP = new DropwizardAppExtension<>(
            NotifierApplication.class, Path.of("config-dev.yml").toAbsolutePath().toString(),
            ConfigOverride.config("kafka.bootstrapServers", () -> KAFKA.cluster().bootstrapServers()),
            ConfigOverride.config("schemaRegistry.url", REGISTRY),
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("channels.email.port", Integer.toString(SMTP_PORT)),
            ConfigOverride.config("dev.smtpCapture.port", Integer.toString(SMTP_PORT)),
            ConfigOverride.config("dev.smtpCapture.directory", WORK.resolve("outbox").toString()),
            ConfigOverride.config("dev.pageCapture.directory", WORK.resolve("pages").toString()),
            ConfigOverride.config("channels.pages.routes.capture.directory", WORK.resolve("pages").toString()));

    private static final ObjectMapper JSON = Jackson.newObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        APP.before();
    }

    @AfterAll
    static void stop() {
        APP.after();
    }
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("dev-capture");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getLocalPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static TopicSpecs topics() {
        return TopicSpecs.create(APP.getConfiguration().getTopics().build(),
                APP.getConfiguration().getSchemaRegistry().serdeConfig());
    }

    /** Publishes {@code notification} to the notifications topic and waits for its receipts. */
    private static void deliver(Notification notification) throws Exception {
        TopicSpecs topics = topics();
        try (KafkaProducer<String, Notification> producer = new KafkaProducer<>(KAFKA.cluster().producerConfig(),
                topics.notifications().keySerializer(), topics.notifications().valueSerializer())) {
            producer.send(new ProducerRecord<>(topics.notifications().name(), notification.getIncidentId(),
                    notification)).get();
        }
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> receipts().stream()
                .anyMatch(receipt -> receipt.getNotificationId().equals(notification.getNotificationId())));
    }

    private static List<NotificationReceipt> receipts() {
        TopicSpecs topics = topics();
        return TopicRecords.readAll(KAFKA.cluster(), topics.receipts().name(), topics.receipts().keyDeserializer(),
                topics.receipts().valueDeserializer(), WAIT).stream().map(ConsumerRecord::value).toList();
    }

    @Test
    void mailsAreStoredAsEmlOncePerMailAndListedNewestLastAtOutbox() throws Exception {
        String subject = "[Agentix] Service Disruption — We’re Investigating 🚨";
        deliver(aCustomerNotice(NotificationKind.INITIAL_NOTICE, "acme", subject).build());
        deliver(aCustomerNotice(NotificationKind.STATUS_UPDATE, "acme", "[Agentix] Update on Service Disruption")
                .setNotificationId(INCIDENT + ":STATUS_UPDATE:7").build());

        List<Path> files;
        try (Stream<Path> listing = Files.list(WORK.resolve("outbox"))) {
            files = listing.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        assertThat(files).as("one file per mail, though each has two recipients").hasSize(2);
        assertThat(Files.readString(files.get(0), StandardCharsets.ISO_8859_1)).contains("Message-ID: <" + INCIDENT
                + "=3AINITIAL_NOTICE=3A5@agentixx.io>");

        JsonNode outbox = get("/outbox");
        assertThat(outbox).hasSize(2);
        JsonNode first = outbox.get(0);
        assertThat(first.get("subject").asText()).isEqualTo(subject);
        assertThat(first.get("to")).extracting(JsonNode::asText).containsExactly("ops@acme.example", "cto@acme.example");
        assertThat(first.get("file").asText()).isEqualTo(files.get(0).toString());
        assertThat(first.get("receivedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(outbox.get(1).get("subject").asText()).isEqualTo("[Agentix] Update on Service Disruption");
        assertThat(outbox.get(0).get("receivedAt").asText()).isLessThanOrEqualTo(outbox.get(1).get("receivedAt").asText());
        assertThat(receipts()).filteredOn(receipt -> receipt.getNotificationId().toString().contains(":INITIAL_NOTICE:")
                        || receipt.getNotificationId().toString().contains(":STATUS_UPDATE:"))
                .hasSize(2).allSatisfy(receipt -> assertThat(receipt.getStatus()).isEqualTo(DeliveryStatus.SENT));
    }

    @Test
    void isHealthyWhileItCanDeliver() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getAdminPort() + "/healthcheck")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).has("delivery")).as(response.body()).isTrue();
        assertThat(JSON.readTree(response.body()).has("delivery-progress")).as(response.body()).isTrue();
    }

    @Test
    void countsDeliveriesInThePrometheusMetrics() throws Exception {
        deliver(aCustomerNotice(NotificationKind.RESOLUTION_NOTICE, "acme", "[Agentix] Resolved")
                .setNotificationId(INCIDENT + ":RESOLUTION_NOTICE:12").build());

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getAdminPort() + "/metrics/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).containsPattern(
                "notifier_deliveries_total\\{[^}]*endpoint=\"smtp\"[^}]*outcome=\"sent\"[^}]*} [1-9]")
                .contains("notifier_in_flight");

        String group = APP.getConfiguration().getDelivery().getConsumerGroup();
        org.awaitility.Awaitility.await("lag 0 on every partition once delivered").atMost(WAIT).untilAsserted(() -> {
            String scraped = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + APP.getAdminPort() + "/metrics/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            List<String> lag = scraped.lines().filter(line -> line.startsWith("consumer_lag_records{group=\"" + group
                    + "\",topic=\"" + topics().notifications().name() + "\"")).toList();
            assertThat(lag).as(scraped).isNotEmpty();
            assertThat(lag).allSatisfy(line -> assertThat(line).endsWith("} 0"));
        });
    }

    @Test
    void pagesGoToTheCaptureRouteAndAreListedAtPages() throws Exception {
        deliver(aPage().setRecipients(List.of(person("mira", "Mira Okafor"), person("jonas", "Jonas Weber"))).build());
        deliver(aPage().setNotificationId(INCIDENT + ":INCIDENT_ACKNOWLEDGED:9").setKind(NotificationKind.INCIDENT_ACKNOWLEDGED)
                .setPageAction(PageAction.ACKNOWLEDGE).setSubject("Acknowledged by Mira").setBody("Mira is on it.").build());

        JsonNode pages = get("/pages");
        assertThat(pages).hasSize(2);
        JsonNode first = pages.get(0);
        assertThat(first.get("recipientRole").asText()).isEqualTo("on-call");
        assertThat(first.get("recipients")).extracting(JsonNode::asText).containsExactly("mira", "jonas");
        assertThat(first.get("kind").asText()).isEqualTo("INCIDENT_OPENED");
        assertThat(first.get("incidentId").asText()).isEqualTo(INCIDENT);
        assertThat(first.get("text").asText()).isEqualTo("[P1] " + INCIDENT + ": Database down\n\nDatabase down. Respond by 09:45 UTC.");
        assertThat(first.get("deliveryId").asText()).isEqualTo(INCIDENT + ":INCIDENT_OPENED:2@capture");
        assertThat(pages.get(1).get("kind").asText()).isEqualTo("INCIDENT_ACKNOWLEDGED");
        assertThat(pages.get(1).get("pageAction").asText()).isEqualTo("ACKNOWLEDGE");
    }
}
