package io.agentix.incident.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.TimeSource;
import io.agentix.incident.events.TestEvents;
import io.agentix.incident.registry.MockSchemaRegistry;

class SchemaEvolutionTest {

    private static final String SCOPE = "schema-evolution-test";

    private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void recordWrittenWithAnOlderSchemaReadsIntoTheCurrentClassWithDefaults() throws IOException {
        // The "old" AlertEvent: only the fields without defaults, as a first release might have had.
        Schema old = withoutOptionalFields(AlertEvent.getClassSchema());
        int oldId = registry.register("alerts-value", old);
        Instant at = TestEvents.T0;
        GenericRecord written = new GenericRecordBuilder(old)
                .set("eventId", "evt-1").set("source", "sentry")
                .set("kind", new GenericData.EnumSymbol(old.getField("kind").schema(), "RESOLVED"))
                .set("dedupKey", "sentry:acme:1").set("title", "Inbox down")
                .set("occurredAt", at.toEpochMilli()).set("receivedAt", at.toEpochMilli() + 1)
                .build();

        AlertEvent read = new SpecificAvroDeserializer<>(registry, AlertEvent.class)
                .deserialize("alerts", wireFormat(oldId, old, written));

        assertThat(read.getEventId()).isEqualTo("evt-1");
        assertThat(read.getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(read.getOccurredAt()).isEqualTo(at);
        assertThat(read.getRawId()).isNull();
        assertThat(read.getTenants()).isEmpty();
        assertThat(read.getImpact()).isEqualTo(Impact.UNKNOWN);
        assertThat(read.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
    }

    @Test
    void currentClassRegistersAsTheNextVersionOfAnOlderSubject() {
        registry.register("alerts-value", withoutOptionalFields(AlertEvent.getClassSchema()));

        byte[] bytes = new SpecificAvroSerializer<AlertEvent>(registry).serialize("alerts", TestEvents.anAlert().build());

        assertThat(registry.latest("alerts-value").version()).isEqualTo(2);
        assertThat(WireFormat.schemaId(bytes)).isEqualTo(registry.latest("alerts-value").id());
    }

    /** {@code schema} with only the fields that have no default. */
    static Schema withoutOptionalFields(Schema schema) {
        return copyWith(schema, schema.getFields().stream().filter(f -> !f.hasDefaultValue()).toList());
    }

    static Schema withoutField(Schema schema, String name) {
        return copyWith(schema, schema.getFields().stream().filter(f -> !f.name().equals(name)).toList());
    }

    private static Schema copyWith(Schema schema, List<Schema.Field> fields) {
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false,
                fields.stream().map(f -> new Schema.Field(f, f.schema())).toList());
    }

    private static byte[] wireFormat(int id, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema, new GenericData()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
