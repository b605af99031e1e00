package io.agentix.incident.serde;

import java.util.Map;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import io.agentix.incident.registry.SchemaRegistryClient;

/**
 * {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} as one Kafka {@link Serde},
 * sharing one registry client (and so one cache). Usable wherever Kafka or Kafka Streams takes a
 * serde: by class name with {@link #configure(Map, boolean)}, or built in code with
 * {@link #SpecificAvroSerde(SchemaRegistryClient, Class)}.
 *
 * @param <T> the generated record type
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;
    private final SchemaRegistryClient givenClient;

    /** For Kafka's reflective instantiation; {@link #configure(Map, boolean)} must be called before use. */
    public SpecificAvroSerde() {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>();
        this.givenClient = null;
    }

    /** A value serde for {@code type} using {@code client}, ready to use with default settings. */
    public SpecificAvroSerde(SchemaRegistryClient client, Class<T> type) {
        this.givenClient = Objects.requireNonNull(client, "client");
        this.serializer = new SpecificAvroSerializer<>(client);
        this.deserializer = new SpecificAvroDeserializer<>(client, type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        SchemaRegistryClient client = givenClient != null ? givenClient : config.createClient();
        serializer.configure(config, isKey, client);
        deserializer.configure(config, isKey, client);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
