package io.agentix.incident.simulator;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Captures the records the topology writes to the output topics in the order it wrote them,
 * across topics.
 *
 * <p>Why this way: {@code TopologyTestDriver} keeps one queue per output topic, so reading the
 * topics after a step loses the order between them (an incident update, its timeline entries, then
 * the pages), and their timestamps are all equal within a step. Two public-API alternatives were
 * tried and rejected: merging the per-topic queues by timestamp (ties everywhere), and adding a
 * source over the output topics to the topology (the driver re-enqueues captured records on their
 * partitions and then processes them by timestamp, which again reorders ties across topics). The
 * one place that sees every record in write order is the driver's {@link MockProducer}, whose
 * {@code send} appends to one list; the driver copies and clears that list after each step. So
 * this tap replaces that list, by reflection, with one that also remembers every record appended.
 * It reads private fields of kafka-streams-test-utils and kafka-clients ({@code
 * TopologyTestDriver.producer}, {@code MockProducer.sent}); if an upgrade renames them, {@link
 * #attachTo} fails naming them, and {@code ScenarioRunnerClockTest} checks the order.
 */
final class OutputTap {

    private final Map<String, Deserializer<? extends SpecificRecord>> valueDeserializers;
    private final StringDeserializer keys = new StringDeserializer();
    private final List<ProducerRecord<byte[], byte[]>> written = new ArrayList<>();

    /** @param valueDeserializers the output topics to capture, by name, with their value deserializers */
    OutputTap(Map<String, Deserializer<? extends SpecificRecord>> valueDeserializers) {
        this.valueDeserializers = Map.copyOf(Objects.requireNonNull(valueDeserializers, "valueDeserializers"));
    }

    /** Starts capturing what {@code driver} produces from now on. */
    void attachTo(TopologyTestDriver driver) {
        MockProducer<?, ?> producer = (MockProducer<?, ?>) read(TopologyTestDriver.class, "producer", driver);
        @SuppressWarnings("unchecked")
        List<ProducerRecord<byte[], byte[]>> sent = (List<ProducerRecord<byte[], byte[]>>) read(MockProducer.class, "sent", producer);
        write(MockProducer.class, "sent", producer, new RecordingList(sent));
    }

    /** What was written to the captured topics since the last call, in write order. */
    List<OutputRecord> drain() {
        List<OutputRecord> records = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> record : written) {
            Deserializer<? extends SpecificRecord> values = valueDeserializers.get(record.topic());
            if (values == null) {
                continue; // a changelog or another topic the simulator does not print
            }
            records.add(new OutputRecord(Instant.ofEpochMilli(record.timestamp()), record.topic(),
                    keys.deserialize(record.topic(), record.key()),
                    record.value() == null ? null : values.deserialize(record.topic(), record.value())));
        }
        written.clear();
        return records;
    }

    /** The producer's list of sent records, which also hands every appended record to the tap. */
    private final class RecordingList extends ArrayList<ProducerRecord<byte[], byte[]>> {
        private static final long serialVersionUID = 1L;

        RecordingList(Collection<ProducerRecord<byte[], byte[]>> already) {
            super(already);
        }

        @Override
        public boolean add(ProducerRecord<byte[], byte[]> record) {
            written.add(record);
            return super.add(record);
        }

        @Override
        public boolean addAll(Collection<? extends ProducerRecord<byte[], byte[]>> records) {
            written.addAll(records); // a transactional producer moves a committed transaction's records in at once
            return super.addAll(records);
        }
    }

    private static Object read(Class<?> type, String name, Object target) {
        try {
            return field(type, name).get(target);
        } catch (IllegalAccessException e) {
            throw unsupported(type, name, e);
        }
    }

    private static void write(Class<?> type, String name, Object target, Object value) {
        try {
            field(type, name).set(target, value);
        } catch (IllegalAccessException e) {
            throw unsupported(type, name, e);
        }
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw unsupported(type, name, e);
        }
    }

    private static IllegalStateException unsupported(Class<?> type, String name, Exception cause) {
        return new IllegalStateException("cannot capture the order of output records: " + type.getName() + "." + name
                + " is not accessible in this Kafka version (the simulator reads it to see every record in write order)",
                cause);
    }
}
