package io.agentix.incident.json;

import static io.agentix.incident.events.TestEvents.aRawWebhook;
import static io.agentix.incident.events.TestEvents.anAlert;
import static io.agentix.incident.events.TestEvents.anIncident;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Severity;

class AvroJsonTest {

    @Test
    void writesFieldsByNameWithIsoTimesEnumNamesAndUnwrappedUnions() {
        ObjectNode json = AvroJson.toJson(anAlert()
                .setKind(AlertKind.RESOLVED)
                .setSeverityHint(Severity.P2)
                .setDescription(null)
                .setOccurredAt(Instant.parse("2026-03-15T09:30:00.123Z"))
                .build());
        assertThat(json.get("kind").asText()).isEqualTo("RESOLVED");
        assertThat(json.get("severityHint").asText()).isEqualTo("P2");
        assertThat(json.get("description").isNull()).isTrue();
        assertThat(json.get("occurredAt").asText()).isEqualTo("2026-03-15T09:30:00.123Z");
        assertThat(json.get("tenants").isArray()).isTrue();
        assertThat(json.get("links").get(0).has("url")).isTrue();
    }

    @Test
    void nestedRecordsBecomeObjects() {
        ObjectNode json = AvroJson.toJson(anIncident().build());
        assertThat(json.get("recentDeploys").get(0).get("deployedAt").asText()).endsWith("Z");
    }

    @Test
    void bytesAreTextWhenUtf8AndBase64Otherwise() {
        assertThat(AvroJson.toJson(aRawWebhook().setBody(ByteBuffer.wrap("{\"a\":\"Köln\"}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8))).build()).get("body").asText()).isEqualTo("{\"a\":\"Köln\"}");
        assertThat(AvroJson.toJson(aRawWebhook().setBody(ByteBuffer.wrap(new byte[] {(byte) 0xff, 0x00})).build())
                .get("body").asText()).isEqualTo("base64:/wA=");
    }
}
