package io.agentix.incident.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import io.agentix.incident.registry.SchemaRegistryClient;
import io.agentix.incident.registry.SchemaRegistryException;

/**
 * Writes Avro generated records in Confluent's wire format (magic byte 0, 4-byte big-endian schema
 * id, Avro binary), registering or looking up the schema under the TopicNameStrategy subject
 * ({@code <topic>-key} / {@code <topic>-value}).
 *
 * <p>Two ways to set it up: Kafka's way, a no-arg constructor followed by
 * {@link #configure(Map, boolean)} with the keys of {@link AvroSerdeConfig}; or in code, with
 * {@link #SpecificAvroSerializer(SchemaRegistryClient)} (a value serializer with default settings;
 * {@code configure} may still be called to change them, keeping the given client).
 *
 * <p>Schema ids are resolved once per topic and schema; after that serializing does no registry
 * I/O, and datum writers, encoders and output buffers are reused. With {@code use.latest.version}
 * the subject's latest version is likewise read once per topic: a version registered later is used
 * after a restart (Confluent's serde caches it the same way by default).
 *
 * <p>Failures: a schema that cannot be used (not registered while {@code auto.register.schemas} is
 * false, rejected as incompatible) and a record that cannot be encoded throw
 * {@link SerializationException} naming the topic. A registry that cannot be reached throws
 * {@link SchemaRegistryException}: that is not the record's fault, and retrying later may work.
 *
 * @param <T> the generated record type
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** Output buffers grown beyond this by a large record are not kept for the next one. */
    private static final int MAX_RETAINED_BUFFER = 64 * 1024;

    private SchemaRegistryClient client;
    private boolean clientGiven;
    private boolean isKey;
    private boolean autoRegisterSchemas = true;
    private boolean useLatestVersion;

    private final ConcurrentMap<String, ConcurrentMap<Schema, Target>> targetsByTopic = new ConcurrentHashMap<>();
    private final ConcurrentMap<Schema, DatumWriter<Object>> writersBySchema = new ConcurrentHashMap<>();
    // KafkaProducer#send may be called from many threads at once: each gets its own buffer and encoder.
    private final ThreadLocal<OutputBuffer> buffers = ThreadLocal.withInitial(OutputBuffer::new);

    /** For Kafka's reflective instantiation; {@link #configure(Map, boolean)} must be called before use. */
    public SpecificAvroSerializer() {
    }

    /** A value serializer using {@code client} with default settings (auto-register). */
    public SpecificAvroSerializer(SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.clientGiven = true;
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

    void configure(AvroSerdeConfig config, boolean isKey, SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
        this.isKey = isKey;
        this.autoRegisterSchemas = config.autoRegisterSchemas();
        this.useLatestVersion = config.useLatestVersion();
        targetsByTopic.clear();
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null; // tombstone
        }
        Target target = target(topic, record);
        OutputBuffer buffer = buffers.get();
        try {
            byte[] bytes = buffer.encode(target.header(), target.writer(), record);
            if (buffer.capacity() > MAX_RETAINED_BUFFER) {
                buffers.remove();
            }
            return bytes;
        } catch (IOException | RuntimeException e) {
            buffers.remove(); // the encoder may hold half a record
            throw new SerializationException("topic " + topic + ": cannot encode " + record.getClass().getName()
                    + " with schema id " + target.schemaId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        targetsByTopic.clear();
    }

    private Target target(String topic, T record) {
        if (client == null) {
            throw new IllegalStateException("SpecificAvroSerializer is not configured: call configure() or construct it with a SchemaRegistryClient");
        }
        Schema schema = record.getSchema();
        ConcurrentMap<Schema, Target> targets = targetsByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        Target target = targets.get(schema);
        if (target == null) {
            // Resolved outside computeIfAbsent: it may do registry I/O, which must not block the map.
            target = resolve(topic, schema, record.getClass());
            targets.putIfAbsent(schema, target);
        }
        return target;
    }

    private Target resolve(String topic, Schema schema, Class<?> type) {
        String subject = AvroSerdeConfig.subjectName(topic, isKey);
        DatumWriter<Object> own = writersBySchema.computeIfAbsent(schema,
                s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(type)));
        try {
            if (useLatestVersion) {
                return latestVersionTarget(topic, subject, schema, own);
            }
            int id = autoRegisterSchemas ? client.register(subject, schema) : client.lookup(subject, schema).id();
            return new Target(id, WireFormat.header(id), own);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new SerializationException("topic " + topic + ": schema of " + schema.getFullName()
                        + " is not registered under subject '" + subject + "' in schema registry " + client.target()
                        + " and " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG + " is false; register it first ("
                        + e.getMessage() + ")", e);
            }
            if (e.isSchemaRejected()) {
                throw new SerializationException("topic " + topic + ": schema of " + schema.getFullName()
                        + " rejected: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private Target latestVersionTarget(String topic, String subject, Schema schema, DatumWriter<Object> own) {
        var latest = client.latest(subject);
        if (SchemaNormalization.parsingFingerprint64(latest.schema()) == SchemaNormalization.parsingFingerprint64(schema)) {
            // Same binary layout: the record's own writer produces exactly the latest version's bytes.
            return new Target(latest.id(), WireFormat.header(latest.id()), own);
        }
        var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(latest.schema(), schema);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("topic " + topic + ": " + AvroSerdeConfig.USE_LATEST_VERSION_CONFIG
                    + " is set but the latest version " + latest.version() + " (id " + latest.id() + ") of subject '"
                    + subject + "' cannot represent a " + schema.getFullName() + " of this application: "
                    + compatibility.getResult().getIncompatibilities());
        }
        return new Target(latest.id(), WireFormat.header(latest.id()), new ProjectingDatumWriter(own, schema, latest.schema()));
    }

    /** Where records of one schema go on one topic: the id to write and the writer producing its layout. */
    private record Target(int schemaId, byte[] header, DatumWriter<Object> writer) {
    }

    /** A growable byte array with the encoder that writes into it, reused across records of one thread. */
    private static final class OutputBuffer {
        private final ByteArrayEncoder encoder = new ByteArrayEncoder(512);

        byte[] encode(byte[] header, DatumWriter<Object> writer, Object datum) throws IOException {
            encoder.reset();
            encoder.writeFixed(header);
            writer.write(datum, encoder);
            return encoder.toByteArray();
        }

        int capacity() {
            return encoder.capacity();
        }
    }
}
