package io.agentix.incident.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

class ConfigOverlayTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void mergesMappingsReplacesListsAndScalarsAndRemovesNulls() throws Exception {
        ObjectNode base = (ObjectNode) YAML.readTree("""
                server:
                  applicationConnectors: [{type: http, port: 8080}]
                  gzip: {enabled: true}
                kafka: {bootstrapServers: "${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}", clientId: ingest}
                logging: {level: INFO}
                """);
        ObjectNode overlay = (ObjectNode) YAML.readTree("""
                server:
                  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: 18081}]
                  requestLog: {appenders: []}
                kafka: {bootstrapServers: "localhost:29092"}
                logging: null
                """);

        ConfigOverlay.merge(base, overlay);

        assertThat(base.at("/server/applicationConnectors").size()).isEqualTo(1);
        assertThat(base.at("/server/applicationConnectors/0/port").asInt()).isEqualTo(18081);
        assertThat(base.at("/server/gzip/enabled").asBoolean()).isTrue();
        assertThat(base.at("/server/requestLog/appenders").isArray()).isTrue();
        assertThat(base.at("/kafka/bootstrapServers").asText()).isEqualTo("localhost:29092");
        assertThat(base.at("/kafka/clientId").asText()).isEqualTo("ingest");
        assertThat(base.has("logging")).isFalse();
    }
}
