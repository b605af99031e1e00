package io.agentix.incident.registry;

import static io.agentix.incident.registry.ScriptedSchemaRegistry.errorBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.TestEvents;
import io.agentix.incident.serde.SpecificAvroSerde;

class HttpSchemaRegistryClientTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type":"record","name":"Ping","namespace":"test","fields":[{"name":"at","type":"long"}]}""");
    private static final String SCHEMA_JSON = new ObjectMapper().createObjectNode().put("schema", SCHEMA.toString()).toString();

    private ScriptedSchemaRegistry registry;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = new ScriptedSchemaRegistry();
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void registerPostsTheSchemaWithConfluentMediaTypesAndCachesTheId() throws Exception {
        registry.answer("POST", "/subjects/alerts-value/versions", 200, "{\"id\":7}");
        HttpSchemaRegistryClient client = client(registry.url());

        assertThat(client.register("alerts-value", SCHEMA)).isEqualTo(7);
        assertThat(client.register("alerts-value", SCHEMA)).isEqualTo(7);
        assertThat(client.getById(7)).isEqualTo(SCHEMA);

        assertThat(registry.received()).singleElement().satisfies(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
            assertThat(request.header("Accept")).isEqualTo("application/vnd.schemaregistry.v1+json, application/json");
            assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText()).isEqualTo(SCHEMA.toString());
        });
    }

    @Test
    void getByIdParsesTheSchemaAndAsksOnlyOnce() {
        registry.answer("GET", "/schemas/ids/3", 200, SCHEMA_JSON);
        HttpSchemaRegistryClient client = client(registry.url());

        assertThat(client.getById(3)).isEqualTo(SCHEMA);
        assertThat(client.getById(3)).isEqualTo(SCHEMA);
        assertThat(registry.received()).hasSize(1);
    }

    @Test
    void lookupAndLatestReturnIdVersionAndSchema() {
        String registered = "{\"subject\":\"alerts-value\",\"id\":4,\"version\":2,\"schema\":" + quoted(SCHEMA.toString()) + "}";
        registry.answer("POST", "/subjects/alerts-value", 200, registered)
                .answer("GET", "/subjects/alerts-value/versions/latest", 200, registered);
        HttpSchemaRegistryClient client = client(registry.url());

        assertThat(client.lookup("alerts-value", SCHEMA)).isEqualTo(new RegisteredSchema("alerts-value", 4, 2, SCHEMA));
        assertThat(client.latest("alerts-value")).isEqualTo(new RegisteredSchema("alerts-value", 4, 2, SCHEMA));
        // latest is asked every time: a new version may have been registered in between.
        client.latest("alerts-value");
        assertThat(registry.received()).extracting(ScriptedSchemaRegistry.Received::path).containsExactly(
                "/subjects/alerts-value", "/subjects/alerts-value/versions/latest", "/subjects/alerts-value/versions/latest");
    }

    @Test
    void retriesAServerErrorAndThenSucceeds() {
        registry.answer("GET", "/schemas/ids/3", 500, errorBody(50001, "Error in the backend data store"))
                .answer("GET", "/schemas/ids/3", 200, SCHEMA_JSON);

        assertThat(client(registry.url()).getById(3)).isEqualTo(SCHEMA);
        assertThat(registry.received()).hasSize(2);
    }

    @Test
    void givesUpOnServerErrorsAfterTheConfiguredAttempts() {
        registry.answer("GET", "/schemas/ids/3", 503, "<html>Service Unavailable</html>");

        assertThatThrownBy(() -> client(registry.url()).getById(3))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(503);
                    assertThat(e.getMessage()).contains("schema registry " + registry.url(), "cannot fetch schema id 3",
                            "HTTP 503", "Service Unavailable", "gave up after 3 attempt(s)");
                });
        assertThat(registry.received()).hasSize(3);
    }

    @Test
    void clientErrorsAreNotRetriedAndNameTheSubject() {
        registry.answer("GET", "/subjects/alerts-value/versions/latest", 404, errorBody(40401, "Subject 'alerts-value' not found."));

        assertThatThrownBy(() -> client(registry.url()).latest("alerts-value"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                    assertThat(e.isNotFound()).isTrue();
                    assertThat(e).hasMessage("schema registry " + registry.url() + ": subject 'alerts-value' not found (40401)");
                });
        assertThat(registry.received()).hasSize(1);
    }

    @Test
    void unknownSchemaIdNamesTheId() {
        registry.answer("GET", "/schemas/ids/42", 404, errorBody(40403, "Schema 42 not found"));

        assertThatThrownBy(() -> client(registry.url()).getById(42))
                .hasMessage("schema registry " + registry.url() + ": schema id 42 not found (40403)");
    }

    @Test
    void incompatibleSchemaIsReportedWithTheRegistrysReason() {
        registry.answer("POST", "/subjects/alerts-value/versions", 409,
                errorBody(409, "Schema being registered is incompatible with an earlier schema"));

        assertThatThrownBy(() -> client(registry.url()).register("alerts-value", SCHEMA))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isSchemaRejected()).isTrue())
                .hasMessageContaining("schema is incompatible with the versions of subject 'alerts-value'")
                .hasMessageContaining("incompatible with an earlier schema");
    }

    @Test
    void triesTheNextUrlWhenOneCannotBeReached() throws IOException {
        registry.answer("GET", "/schemas/ids/3", 200, SCHEMA_JSON);
        HttpSchemaRegistryClient client = client(ScriptedSchemaRegistry.deadUrl() + "," + registry.url());

        assertThat(client.getById(3)).isEqualTo(SCHEMA);
        assertThat(registry.received()).hasSize(1);
    }

    @Test
    void unreachableRegistryFailsAfterBoundedAttemptsNamingTheUrl() throws IOException {
        String dead = ScriptedSchemaRegistry.deadUrl();

        assertThatThrownBy(() -> client(dead).getById(3))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
                    assertThat(e.getMessage()).contains("schema registry " + dead, "cannot fetch schema id 3", "gave up after 3");
                });
    }

    @Test
    void sendsBasicAuthCredentialsFromUserInfo() {
        registry.answer("GET", "/schemas/ids/3", 200, SCHEMA_JSON);
        SchemaRegistryClient client = SchemaRegistryClients.create(registry.url(), Map.of(
                "basic.auth.credentials.source", "USER_INFO", "basic.auth.user.info", "ingest:s3cret"));

        client.getById(3);

        assertThat(registry.received().get(0).header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("ingest:s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void credentialsInTheUrlAreSentButNeverShownInMessages() {
        registry.answer("GET", "/schemas/ids/9", 404, errorBody(40403, "Schema 9 not found"));
        String withCredentials = registry.url().replace("http://", "http://ingest:s3cret@");
        SchemaRegistryClient client = SchemaRegistryClients.create(withCredentials, Map.of());

        assertThatThrownBy(() -> client.getById(9)).hasMessageNotContaining("s3cret");
        assertThat(client.target()).isEqualTo(registry.url());
        assertThat(registry.received().get(0).header("Authorization")).startsWith("Basic ");
    }

    @Test
    void serdeOverHttpStopsAskingTheRegistryAfterItsFirstRecord() {
        registry.answer("POST", "/subjects/alerts-value/versions", 200, "{\"id\":11}");
        SpecificAvroSerde<AlertEvent> serde = new SpecificAvroSerde<>();
        serde.configure(Map.of("schema.registry.url", registry.url()), false);
        AlertEvent alert = TestEvents.anAlert().build();

        for (int i = 0; i < 100; i++) {
            byte[] bytes = serde.serializer().serialize("alerts", alert);
            assertThat(serde.deserializer().deserialize("alerts", bytes)).isEqualTo(alert);
        }

        // The id learnt by registering also answers the deserializer's getById(11).
        assertThat(registry.received()).singleElement()
                .extracting(ScriptedSchemaRegistry.Received::path).isEqualTo("/subjects/alerts-value/versions");
    }

    @Test
    void factoryPicksMockOrHttpAndRejectsOtherSchemes() {
        assertThat(SchemaRegistryClients.create("mock://factory-test", Map.of()))
                .isSameAs(MockSchemaRegistry.forScope("factory-test"));
        MockSchemaRegistry.dropScope("factory-test");
        assertThat(SchemaRegistryClients.create(registry.url() + "/", Map.of()))
                .isInstanceOf(HttpSchemaRegistryClient.class)
                .extracting(SchemaRegistryClient::target).isEqualTo(registry.url());
        assertThatThrownBy(() -> SchemaRegistryClients.create("ftp://registry:21", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ftp://registry:21");
        assertThatThrownBy(() -> SchemaRegistryClients.create(registry.url(), Map.of("max.retries", "many")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("max.retries");
    }

    private static HttpSchemaRegistryClient client(String urls) {
        return new HttpSchemaRegistryClient(SchemaRegistryClientConfig.of(urls)
                .withRetries(3, Duration.ofMillis(1), Duration.ofMillis(5))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
    }

    private static String quoted(String text) {
        return new ObjectMapper().createObjectNode().textNode(text).toString();
    }
}
