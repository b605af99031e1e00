package io.agentix.incident.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Captures the engine's output records in the order they were written, across topics.
 *
 * <p>Why a tap: {@code TopologyTestDriver} keeps one queue per output topic, so reading the
 * topics after a step loses the order between them (an incident update, then its timeline entry,
 * then the page), and their timestamps are all equal within a step. The driver does, however,
 * feed every record it captures back into the topology, in production order, when its topic is
 * a source topic of that topology. So the simulator adds one source over the output topics and a
 * processor that only records what it receives: its own sub-topology, sharing nothing with the
 * engine (no store, no sink), so the engine runs exactly as built. The cost: the output topics
 * cannot also be source topics of the engine, which {@link #attachTo} checks.
 */
final class OutputTap {

    static final String SOURCE_NAME = "simulator-output-tap-source";
    static final String PROCESSOR_NAME = "simulator-output-tap";

    private final Map<String, Deserializer<? extends org.apache.avro.specific.SpecificRecord>> valueDeserializers;
    private final List<OutputRecord> captured = new ArrayList<>();

    /** @param valueDeserializers per output topic name, in the order the output topics are listed */
    OutputTap(Map<String, Deserializer<? extends org.apache.avro.specific.SpecificRecord>> valueDeserializers) {
        this.valueDeserializers = Map.copyOf(Objects.requireNonNull(valueDeserializers, "valueDeserializers"));
    }

    /** Adds the tap's source and processor to {@code topology}. */
    void attachTo(Topology topology) {
        String[] topics = valueDeserializers.keySet().toArray(String[]::new);
        try {
            topology.addSource(SOURCE_NAME, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topics);
        } catch (org.apache.kafka.streams.errors.TopologyException e) {
            throw new IllegalStateException("the simulator reads the output topics " + valueDeserializers.keySet()
                    + " to keep their order, but the topology already reads one of them: " + e.getMessage(), e);
        }
        topology.addProcessor(PROCESSOR_NAME, Recorder::new, SOURCE_NAME);
    }

    /** What was written since the last call, in write order. */
    List<OutputRecord> drain() {
        List<OutputRecord> records = List.copyOf(captured);
        captured.clear();
        return records;
    }

    /** Records one output record; runs inside the driver's processing of the record. */
    private final class Recorder implements Processor<String, byte[], Void, Void> {
        private ProcessorContext<Void, Void> context;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, byte[]> record) {
            String topic = context.recordMetadata().map(RecordMetadata::topic)
                    .orElseThrow(() -> new IllegalStateException("a tapped record without a topic"));
            Deserializer<? extends org.apache.avro.specific.SpecificRecord> values = valueDeserializers.get(topic);
            captured.add(new OutputRecord(Instant.ofEpochMilli(record.timestamp()), topic, record.key(),
                    record.value() == null ? null : values.deserialize(topic, record.value())));
        }
    }
}
