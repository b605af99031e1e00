package io.agentix.incident.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

import io.agentix.incident.registry.SchemaRegistryClient;
import io.agentix.incident.registry.SchemaRegistryException;

/**
 * Reads Confluent wire-format records (magic byte 0, 4-byte big-endian schema id, Avro binary)
 * into generated classes, resolving the writer's schema (fetched by id) to the reader class's
 * schema, so records written with an older or newer compatible schema read fine.
 *
 * <p>The reader class is the one given to the constructor, else {@code specific.avro.value.type}
 * (or {@code .key.type}), else the generated class named by the writer schema. Set up either with
 * the no-arg constructor and {@link #configure(Map, boolean)} (Kafka's way), or with
 * {@link #SpecificAvroDeserializer(SchemaRegistryClient, Class)} in code.
 *
 * <p>Failures: bytes that are not this format (no magic byte 0, fewer than 5 bytes), an id the
 * registry does not know, a writer schema the reader class cannot read, and an undecodable payload
 * throw {@link SerializationException} naming the topic and the problem; the record will never
 * deserialize, so callers route it to a dead-letter path. A registry that cannot be reached throws
 * {@link SchemaRegistryException}: the record may be fine, so it must not be dead-lettered for that.
 *
 * @param <T> the generated record type
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private SchemaRegistryClient client;
    private boolean clientGiven;
    private Class<T> readerClass;
    private boolean readerClassGiven;

    private final ConcurrentMap<Integer, DatumReader<T>> readersById = new ConcurrentHashMap<>();
    // Kafka consumers are single-threaded, but nothing forbids sharing a deserializer: one decoder per thread.
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();

    /** For Kafka's reflective instantiation; {@link #configure(Map, boolean)} must be called before use. */
    public SpecificAvroDeserializer() {
    }

    /** A deserializer reading into {@code readerClass} with schemas from {@code client}. */
    public SpecificAvroDeserializer(SchemaRegistryClient client, Class<T> readerClass) {
        this.client = Objects.requireNonNull(client, "client");
        this.clientGiven = true;
        this.readerClass = Objects.requireNonNull(readerClass, "readerClass");
        this.readerClassGiven = true;
    }

    /**
     * Applies {@link AvroSerdeConfig} settings. Without a client given to the constructor,
     * {@code schema.registry.url} is required and names the registry.
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        SchemaRegistryClient configured = clientGiven ? client : config.createClient();
        configure(config, isKey, configured);
    }

    @SuppressWarnings("unchecked")
    void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
        if (!readerClassGiven) {
            this.readerClass = (Class<T>) config.readerType(isKey).orElse(null);
        }
        readersById.clear();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null; // tombstone
        }
        if (data.length < WireFormat.HEADER_SIZE) {
            throw new SerializationException("topic " + topic + ": record of " + data.length
                    + " byte(s) is too short for Confluent wire format (magic byte, 4-byte schema id, Avro payload)");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format("topic %s: unknown magic byte 0x%02x; not Confluent wire format",
                    topic, data[0] & 0xff));
        }
        int schemaId = WireFormat.schemaId(data);
        DatumReader<T> reader = readersById.get(schemaId);
        if (reader == null) {
            reader = readerFor(topic, schemaId);
            readersById.putIfAbsent(schemaId, reader);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                data.length - WireFormat.HEADER_SIZE, decoders.get());
        decoders.set(decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            // Avro reports corrupt input as EOF, AvroRuntimeException or index errors alike: all mean "undecodable".
            throw new SerializationException("topic " + topic + ": cannot decode Avro payload of " + data.length
                    + " bytes written with schema id " + schemaId + ": " + e, e);
        }
    }

    @Override
    public void close() {
        readersById.clear();
    }

    private DatumReader<T> readerFor(String topic, int schemaId) {
        if (client == null) {
            throw new IllegalStateException("SpecificAvroDeserializer is not configured: call configure() or construct it with a SchemaRegistryClient");
        }
        Schema writer;
        try {
            writer = client.getById(schemaId);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new SerializationException("topic " + topic + ": schema id " + schemaId
                        + " not found in schema registry " + client.target(), e);
            }
            throw e;
        }
        Class<T> type = readerClass != null ? readerClass : classNamedBy(topic, schemaId, writer);
        SpecificData model = SpecificData.getForClass(type);
        Schema reader = model.getSchema(type);
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("topic " + topic + ": schema id " + schemaId + " (" + writer.getFullName()
                    + ") cannot be read as " + type.getName() + ": " + compatibility.getResult().getIncompatibilities());
        }
        return new SpecificDatumReader<>(writer, reader, model);
    }

    @SuppressWarnings("unchecked")
    private Class<T> classNamedBy(String topic, int schemaId, Schema writer) {
        Class<?> type = writer.getType() == Schema.Type.RECORD ? SpecificData.get().getClass(writer) : null;
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new SerializationException("topic " + topic + ": schema id " + schemaId + " names " + writer.getFullName()
                    + ", which is not a generated Avro class on the classpath; set "
                    + AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG + " (or " + AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE_CONFIG
                    + ") to the class to read into");
        }
        return (Class<T>) type;
    }
}
