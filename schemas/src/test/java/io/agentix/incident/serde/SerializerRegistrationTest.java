package io.agentix.incident.serde;

import static io.agentix.incident.events.TestEvents.anAlert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.registry.CompatibilityLevel;
import io.agentix.incident.registry.MockSchemaRegistry;

class SerializerRegistrationTest {

    private static final String SCOPE = "serializer-registration-test";
    private static final Schema ALERT = AlertEvent.getClassSchema();

    private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaIsAClearError() {
        SpecificAvroSerializer<AlertEvent> serializer = configured(Map.of("auto.register.schemas", "false"));

        assertThatThrownBy(() -> serializer.serialize("alerts", anAlert().build()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("topic alerts: schema of io.agentix.incident.events.AlertEvent is not registered under subject "
                        + "'alerts-value' in schema registry mock://" + SCOPE + " and auto.register.schemas is false; register it first");
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void withoutAutoRegisterTheRegisteredIdIsUsedAndNothingIsRegistered() {
        registry.register("unrelated-value", Schema.create(Schema.Type.STRING));
        int id = registry.register("alerts-value", ALERT);

        byte[] bytes = configured(Map.of("auto.register.schemas", false)).serialize("alerts", anAlert().build());

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id).isEqualTo(2);
        assertThat(registry.latest("alerts-value").version()).isEqualTo(1);
    }

    @Test
    void useLatestVersionWritesWithTheSubjectsLatestId() {
        Schema older = SchemaEvolutionTest.withoutOptionalFields(ALERT);
        registry.register("alerts-value", older);
        int latest = registry.register("alerts-value", ALERT);

        byte[] bytes = latestVersionSerializer().serialize("alerts", anAlert().build());

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(latest);
        assertThat(new SpecificAvroDeserializer<>(registry, AlertEvent.class).deserialize("alerts", bytes)).isEqualTo(anAlert().build());
    }

    @Test
    void useLatestVersionProjectsTheRecordOntoANewerLatestSchema() throws IOException {
        registry.register("alerts-value", ALERT);
        Schema newer = withOptionalField(ALERT, "priority");
        int latest = registry.register("alerts-value", newer);
        AlertEvent alert = anAlert().build();

        byte[] bytes = latestVersionSerializer().serialize("alerts", alert);

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(latest);
        GenericRecord asLatest = new GenericDatumReader<GenericRecord>(newer, newer, new GenericData())
                .read(null, DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(bytes, 5, bytes.length), null));
        assertThat(asLatest.get("priority")).isNull();
        assertThat(asLatest.get("eventId")).hasToString(alert.getEventId());
        assertThat(new SpecificAvroDeserializer<>(registry, AlertEvent.class).deserialize("alerts", bytes)).isEqualTo(alert);
    }

    @Test
    void useLatestVersionRefusesALatestSchemaThatCannotHoldTheRecord() {
        registry.setCompatibility(CompatibilityLevel.NONE);
        registry.register("alerts-value", new Schema.Parser().parse("""
                {"type":"record","name":"AlertEvent","namespace":"io.agentix.incident.events",
                 "fields":[{"name":"ticket","type":"string"}]}"""));

        assertThatThrownBy(() -> latestVersionSerializer().serialize("alerts", anAlert().build()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic alerts: use.latest.version is set but the latest version 1 (id 1) of subject 'alerts-value'")
                .hasMessageContaining("ticket");
    }

    @Test
    void useLatestVersionWithoutAnyVersionNamesTheSubject() {
        assertThatThrownBy(() -> latestVersionSerializer().serialize("alerts", anAlert().build()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject 'alerts-value' not found (40401)");
    }

    @Test
    void useLatestVersionRequiresAutoRegisterOff() {
        assertThatThrownBy(() -> configured(Map.of("use.latest.version", true)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("use.latest.version=true requires auto.register.schemas=false");
    }

    @Test
    void aSchemaTheRegistryRejectsIsASerializationError() {
        registry.register("alerts-value", SchemaEvolutionTest.withoutField(ALERT, "eventId"));

        assertThatThrownBy(() -> new SpecificAvroSerializer<AlertEvent>(registry).serialize("alerts", anAlert().build()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic alerts: schema of io.agentix.incident.events.AlertEvent rejected")
                .hasMessageContaining("incompatible with the versions of subject 'alerts-value'")
                .hasMessageContaining("eventId");
    }

    private SpecificAvroSerializer<AlertEvent> latestVersionSerializer() {
        return configured(Map.of("auto.register.schemas", false, "use.latest.version", "true"));
    }

    private static SpecificAvroSerializer<AlertEvent> configured(Map<String, Object> settings) {
        Map<String, Object> config = new java.util.HashMap<>(settings);
        config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + SCOPE);
        SpecificAvroSerializer<AlertEvent> serializer = new SpecificAvroSerializer<>();
        serializer.configure(config, false);
        return serializer;
    }

    private static Schema withOptionalField(Schema schema, String name) {
        java.util.List<Schema.Field> fields = new java.util.ArrayList<>();
        schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field(name, Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "added in a later version", Schema.Field.NULL_DEFAULT_VALUE));
        return Schema.createRecord(schema.getName(), schema.getDoc(), schema.getNamespace(), false, fields);
    }
}
