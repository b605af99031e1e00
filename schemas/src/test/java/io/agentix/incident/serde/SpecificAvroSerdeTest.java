package io.agentix.incident.serde;

import static io.agentix.incident.events.TestEvents.aDeployment;
import static io.agentix.incident.events.TestEvents.aNotification;
import static io.agentix.incident.events.TestEvents.aRawWebhook;
import static io.agentix.incident.events.TestEvents.aReceipt;
import static io.agentix.incident.events.TestEvents.aRejectedWebhook;
import static io.agentix.incident.events.TestEvents.aTimelineEntry;
import static io.agentix.incident.events.TestEvents.anAlert;
import static io.agentix.incident.events.TestEvents.anEscalation;
import static io.agentix.incident.events.TestEvents.anIncident;
import static io.agentix.incident.events.TestEvents.anIncidentCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.registry.MockSchemaRegistry;
import io.agentix.incident.registry.RegisteredSchema;
import io.agentix.incident.registry.SchemaRegistryClient;

class SpecificAvroSerdeTest {

    private static final String SCOPE = "specific-avro-serde-test";
    private static final Map<String, Object> CONFIG = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + SCOPE);

    private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(SCOPE);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    static Stream<SpecificRecord> everyEventType() {
        // The builder leaves a command's rejection unset (a refused command is never applied): set here only.
        return Stream.of(aRawWebhook().build(), aRejectedWebhook().build(), anAlert().build(), aDeployment().build(),
                anIncidentCommand().setRejection("no incident inc-20260315-7f3a2c").build(), anIncident().build(),
                aTimelineEntry().build(), anEscalation().build(),
                aNotification().build(), aReceipt().build());
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    void roundTripsEveryEventTypeWithEveryFieldPopulated(SpecificRecord event) {
        assertEveryFieldPopulated(event);
        // Kafka's way: reflection-style no-arg instance configured from a map.
        SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>();
        serde.configure(CONFIG, false);

        byte[] bytes = serde.serializer().serialize("events", event);
        SpecificRecord back = serde.deserializer().deserialize("events", bytes);

        assertThat(back).isInstanceOf(event.getClass()).isEqualTo(event);
    }

    @Test
    void writesMagicByteThenBigEndianSchemaIdThenAvroBinary() throws IOException {
        AlertEvent alert = anAlert().build();
        SchemaRegistryClient fixedId = new FixedIdRegistry(0x0A0B0C0D, alert.getSchema());

        byte[] bytes = new SpecificAvroSerializer<AlertEvent>(fixedId).serialize("alerts", alert);

        assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(0, 0x0A, 0x0B, 0x0C, 0x0D);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinary(alert));
        assertThat(new SpecificAvroDeserializer<>(fixedId, AlertEvent.class).deserialize("alerts", bytes)).isEqualTo(alert);
    }

    @Test
    void registersUnderTopicNameStrategySubjects() {
        SpecificAvroSerializer<AlertEvent> keys = new SpecificAvroSerializer<>();
        keys.configure(CONFIG, true);
        SpecificAvroSerializer<AlertEvent> values = new SpecificAvroSerializer<>(registry);

        keys.serialize("alerts", anAlert().build());
        values.serialize("alerts", anAlert().build());

        assertThat(registry.subjects()).containsExactlyInAnyOrder("alerts-key", "alerts-value");
    }

    @Test
    void nullIsATombstoneBothWays() {
        SpecificAvroSerde<AlertEvent> serde = new SpecificAvroSerde<>(registry, AlertEvent.class);

        assertThat(serde.serializer().serialize("alerts", null)).isNull();
        assertThat(serde.deserializer().deserialize("alerts", null)).isNull();
    }

    @Test
    void asksTheRegistryOnlyDuringWarmUp() {
        CountingSchemaRegistry counting = new CountingSchemaRegistry(registry);
        SpecificAvroSerde<AlertEvent> serde = new SpecificAvroSerde<>(counting, AlertEvent.class);
        AlertEvent alert = anAlert().build();

        for (int i = 0; i < 1_000; i++) {
            assertThat(serde.deserializer().deserialize("alerts", serde.serializer().serialize("alerts", alert))).isEqualTo(alert);
        }

        assertThat(counting.calls()).as("one register, one getById").isEqualTo(2);
    }

    @Test
    void serializesConcurrentlyFromManyThreads() throws Exception {
        SpecificAvroSerializer<AlertEvent> serializer = new SpecificAvroSerializer<>(registry);
        AlertEvent alert = anAlert().build();
        byte[] expected = serializer.serialize("alerts", alert);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = IntStream.range(0, 4).mapToObj(t -> pool.submit(() ->
                    IntStream.range(0, 500).allMatch(i -> Arrays.equals(serializer.serialize("alerts", alert), expected)))).toList();
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutAConfiguredTypeReadsTheClassTheWriterSchemaNames() {
        byte[] bytes = new SpecificAvroSerializer<AlertEvent>(registry).serialize("alerts", anAlert().build());
        Deserializer<SpecificRecord> deserializer = new SpecificAvroDeserializer<>();
        deserializer.configure(CONFIG, false);

        assertThat(deserializer.deserialize("alerts", bytes)).isEqualTo(anAlert().build());
    }

    @Test
    void configuredValueTypeIsTheReaderClass() {
        Deserializer<SpecificRecord> deserializer = new SpecificAvroDeserializer<>();

        assertThatThrownBy(() -> deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + SCOPE,
                AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG, String.class.getName()), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("specific.avro.value.type");
    }

    @Test
    void recordThatCannotBeEncodedFailsNamingTheTopic() {
        Serializer<AlertEvent> serializer = new SpecificAvroSerializer<>(registry);
        AlertEvent incomplete = new AlertEvent(); // required fields left null

        assertThatThrownBy(() -> serializer.serialize("alerts", incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("topic alerts: cannot encode io.agentix.incident.events.AlertEvent");
        // The thread's buffer survives the failure.
        assertThat(serializer.serialize("alerts", anAlert().build())).isNotEmpty();
    }

    @Test
    void configurationNeedsARegistryUrlAndTopicNameStrategy() {
        assertThatThrownBy(() -> new SpecificAvroSerializer<AlertEvent>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url is required");
        assertThatThrownBy(() -> new SpecificAvroSerde<AlertEvent>().configure(Map.of(
                AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + SCOPE,
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY_CONFIG, "io.confluent.kafka.serializers.subject.RecordNameStrategy"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("only TopicNameStrategy");
        assertThatThrownBy(() -> new SpecificAvroSerializer<AlertEvent>().serialize("alerts", anAlert().build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not configured");
    }

    static void assertEveryFieldPopulated(SpecificRecord record) {
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            assertThat(value).as("%s.%s", record.getSchema().getName(), field.name()).isNotNull();
            if (value instanceof Collection<?> c) {
                assertThat(c).as("%s.%s", record.getSchema().getName(), field.name()).isNotEmpty();
            }
            if (value instanceof Map<?, ?> m) {
                assertThat(m).as("%s.%s", record.getSchema().getName(), field.name()).isNotEmpty();
            }
        }
    }

    private static byte[] avroBinary(AlertEvent alert) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(AlertEvent.class).write(alert, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** A registry that knows one schema, under an id whose four bytes all differ. */
    private record FixedIdRegistry(int id, Schema schema) implements SchemaRegistryClient {
        @Override
        public int register(String subject, Schema s) {
            return id;
        }

        @Override
        public RegisteredSchema lookup(String subject, Schema s) {
            return new RegisteredSchema(subject, id, 1, schema);
        }

        @Override
        public Schema getById(int requested) {
            assertThat(requested).isEqualTo(id);
            return schema;
        }

        @Override
        public RegisteredSchema latest(String subject) {
            return new RegisteredSchema(subject, id, 1, schema);
        }

        @Override
        public String target() {
            return "fixed://" + id;
        }
    }
}
