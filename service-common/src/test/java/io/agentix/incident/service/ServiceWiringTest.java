package io.agentix.incident.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.agentix.incident.localstack.EmbeddedKafkaBroker;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The wiring every service shares, in a running application against a real broker: the Kafka
 * health check on the admin port, and the JSON error answers.
 *
 * <p>The broker and the application are started and stopped by hand, in that order, so the
 * application's Kafka clients close while the broker is still there.
 */
class ServiceWiringTest {

    private static final EmbeddedKafkaBroker BROKER = EmbeddedKafkaBroker.ephemeral();

    private static final DropwizardAppExtension<IncidentServiceConfiguration> APP = new DropwizardAppExtension<>(
            TestServiceApplication.class, ResourceHelpers.resourceFilePath("test-service.yml"),
            ConfigOverride.config("kafka.bootstrapServers", BROKER::bootstrapServers));

    @BeforeAll
    static void start() throws Exception {
        BROKER.start();
        APP.before();
    }

    @AfterAll
    static void stop() {
        APP.after();
        BROKER.close();
    }

    @Test
    void healthcheckIsGreenWhileTheBrokerAnswers() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Response response = healthcheck();
            JsonNode body = response.readEntity(JsonNode.class);
            assertThat(response.getStatus()).as("healthcheck body %s", body).isEqualTo(200);
            assertThat(body.at("/kafka/healthy").asBoolean()).isTrue();
            assertThat(body.at("/producer/healthy").asBoolean()).isTrue();
        });
    }

    @Test
    void builtProducerWritesToTheBroker() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("wiring-test", 1, (short) 1))).all().get(10, TimeUnit.SECONDS);
        }
        Producer<String, String> producer = APP.<TestServiceApplication>getApplication().producer();

        RecordMetadata written = producer.send(new ProducerRecord<>("wiring-test", "key", "value"))
                .get(10, TimeUnit.SECONDS);

        assertThat(written.offset()).isZero();
    }

    @Test
    void healthcheckTurnsRedNamingTheBootstrapServersWhileTheBrokerIsDown() {
        BROKER.stop();
        try {
            Response response = healthcheck();
            JsonNode body = response.readEntity(JsonNode.class);
            assertThat(response.getStatus()).isEqualTo(500);
            assertThat(body.at("/kafka/healthy").asBoolean()).isFalse();
            assertThat(body.at("/kafka/message").asText()).contains(BROKER.bootstrapServers());
            assertThat(body.at("/producer/healthy").asBoolean()).isFalse();
        } finally {
            BROKER.start();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> healthcheck().getStatus() == 200);
    }

    @Test
    void unexpectedExceptionAnswers500WithACorrelationIdAndNoInternals() {
        Response response = APP.client().target("http://localhost:" + APP.getLocalPort() + "/fail/bug")
                .request().get();

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getMediaType().isCompatible(MediaType.APPLICATION_JSON_TYPE)).isTrue();
        JsonNode body = response.readEntity(JsonNode.class);
        assertThat(body.get("code").asInt()).isEqualTo(500);
        assertThat(body.get("correlationId").asText()).matches("[0-9a-f-]{36}");
        assertThat(body.get("message").asText())
                .contains(body.get("correlationId").asText())
                .doesNotContain("secret internal detail");
    }

    @Test
    void webApplicationExceptionKeepsItsStatusWithAJsonBody() {
        Response response = APP.client().target("http://localhost:" + APP.getLocalPort() + "/fail/conflict")
                .request().get();

        assertThat(response.getStatus()).isEqualTo(409);
        JsonNode body = response.readEntity(JsonNode.class);
        assertThat(body.get("code").asInt()).isEqualTo(409);
        assertThat(body.get("message").asText()).isEqualTo("incident inc-1 is already resolved");
        assertThat(body.has("correlationId")).isFalse();
    }

    @Test
    void unknownPathAnswers404WithAJsonBody() {
        Response response = APP.client().target("http://localhost:" + APP.getLocalPort() + "/no-such-thing")
                .request().get();

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.readEntity(JsonNode.class).get("code").asInt()).isEqualTo(404);
    }

    @Test
    void healthOnTheAdminPortAnswersLikeHealthcheck() {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Response response = APP.client().target("http://localhost:" + APP.getAdminPort() + "/health")
                    .request().get();
            JsonNode body = response.readEntity(JsonNode.class);
            assertThat(response.getStatus()).as("health body %s", body).isEqualTo(200);
            assertThat(body.at("/kafka/healthy").asBoolean()).isTrue();
        });
    }

    @Test
    void adminPortServesTheMetricsInPrometheusTextFormat() {
        Response response = APP.client().target("http://localhost:" + APP.getAdminPort() + "/metrics/prometheus")
                .request().get();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeaderString("Content-Type")).startsWith("text/plain; version=0.0.4");
        String body = response.readEntity(String.class);
        assertThat(body)
                .contains("# TYPE wiring_test_requests_total counter\nwiring_test_requests_total{kind=\"probe\"} 3\n")
                .contains("# TYPE org_eclipse_jetty_util_thread_QueuedThreadPool_dw_size gauge\n");
    }

    private static Response healthcheck() {
        return APP.client().target("http://localhost:" + APP.getAdminPort() + "/healthcheck").request().get();
    }
}
