package io.agentix.incident.serde;

import static io.agentix.incident.events.TestEvents.aLink;
import static io.agentix.incident.events.TestEvents.anAlert;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.registry.HttpSchemaRegistryClient;
import io.agentix.incident.registry.MockSchemaRegistry;
import io.agentix.incident.registry.SchemaRegistryClientConfig;
import io.agentix.incident.registry.SchemaRegistryException;

class DeserializationErrorsTest {

    private static final String SCOPE = "deserialization-errors-test";

    private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);
    private final SpecificAvroDeserializer<AlertEvent> deserializer = new SpecificAvroDeserializer<>(registry, AlertEvent.class);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void bytesWithoutMagicByteZeroAreNotWireFormat() {
        byte[] json = "{\"eventId\":\"e1\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> deserializer.deserialize("alerts", json))
                .isInstanceOf(SerializationException.class)
                .hasMessage("topic alerts: unknown magic byte 0x7b; not Confluent wire format");
    }

    @Test
    void recordsShorterThanTheHeaderAreRejected() {
        assertThatThrownBy(() -> deserializer.deserialize("alerts", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("topic alerts: record of 3 byte(s) is too short for Confluent wire format");
        assertThatThrownBy(() -> deserializer.deserialize("alerts", new byte[0]))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("topic alerts: record of 0 byte(s) is too short");
    }

    @Test
    void unknownSchemaIdNamesTheIdAndTheRegistry() {
        byte[] unknownId = {0, 0, 0, 0, 42, 2, 'x'};

        assertThatThrownBy(() -> deserializer.deserialize("alerts", unknownId))
                .isInstanceOf(SerializationException.class)
                .hasMessage("topic alerts: schema id 42 not found in schema registry mock://" + SCOPE);
    }

    @Test
    void truncatedPayloadCannotBeDecoded() {
        byte[] whole = new SpecificAvroSerializer<AlertEvent>(registry).serialize("alerts", anAlert().build());
        byte[] truncated = Arrays.copyOf(whole, 20);

        assertThatThrownBy(() -> deserializer.deserialize("alerts", truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("topic alerts: cannot decode Avro payload of 20 bytes written with schema id 1");
    }

    @Test
    void recordOfAnotherTypeCannotBeReadAsTheReaderClass() {
        byte[] link = new SpecificAvroSerializer<SpecificRecord>(registry).serialize("alerts", aLink());

        assertThatThrownBy(() -> deserializer.deserialize("alerts", link))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("topic alerts: schema id 1 (io.agentix.incident.events.Link) cannot be read as io.agentix.incident.events.AlertEvent");
    }

    @Test
    void unreachableRegistryIsNotMistakenForABadRecord() throws IOException {
        String dead;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = "http://127.0.0.1:" + socket.getLocalPort();
        }
        HttpSchemaRegistryClient unreachable = new HttpSchemaRegistryClient(SchemaRegistryClientConfig.of(dead)
                .withRetries(2, Duration.ofMillis(1), Duration.ofMillis(1)));
        byte[] record = new SpecificAvroSerializer<AlertEvent>(registry).serialize("alerts", anAlert().build());

        assertThatThrownBy(() -> new SpecificAvroDeserializer<>(unreachable, AlertEvent.class).deserialize("alerts", record))
                .isInstanceOf(SchemaRegistryException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("schema registry " + dead + ": cannot fetch schema id 1");
    }
}
