package io.agentix.incident.localstack.registry;

import static io.agentix.incident.localstack.registry.AvroSchemaStrings.aRecord;
import static io.agentix.incident.localstack.registry.RegistryHttpClient.schemaRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.agentix.incident.localstack.EmbeddedKafkaBroker;
import io.agentix.incident.localstack.registry.RegistryHttpClient.Reply;

/** Writes need Kafka; reads are served from memory; the registry recovers when Kafka returns. */
class SchemaRegistryKafkaOutageTest {

    private static EmbeddedKafkaBroker broker;
    private static SchemaRegistryServer server;

    @BeforeAll
    static void startRegistry() {
        broker = EmbeddedKafkaBroker.ephemeral().start();
        server = SchemaRegistryServer.start(new SchemaRegistryServer.Config(broker.bootstrapServers(), "localhost", 0, "_schemas"),
                Duration.ofSeconds(2));
    }

    @AfterAll
    static void stopRegistry() {
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void answers50002WhileKafkaIsDownAndRegistersAgainOnceItIsBack() {
        RegistryHttpClient registry = new RegistryHttpClient(server.url());
        int id = registry.register("alerts-value", aRecord("Alert").withField("id", "string").json());
        String v2 = schemaRequest(aRecord("Alert").withField("id", "string").withOptionalString("note").json());

        broker.stop();
        Reply duringOutage = registry.post("/subjects/alerts-value/versions", v2);

        assertThat(duringOutage.status()).isEqualTo(500);
        assertThat(duringOutage.errorCode()).isEqualTo(50002);
        assertThat(duringOutage.message()).contains("Kafka").contains("_schemas");
        assertThat(registry.get("/schemas/ids/" + id).status()).isEqualTo(200);

        broker.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.post("/subjects/alerts-value/versions", v2).status() == 200);
        assertThat(registry.get("/subjects/alerts-value/versions").json().toString()).isEqualTo("[1,2]");
    }
}
