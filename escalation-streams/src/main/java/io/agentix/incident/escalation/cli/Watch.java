package io.agentix.incident.escalation.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import com.fasterxml.jackson.databind.JsonNode;

import io.agentix.incident.json.AvroJson;
import io.agentix.incident.topics.TopicSpec;
import io.agentix.incident.topics.TopicSpecs;

/**
 * Tails {@code escalations} and {@code notifications} (and, asked to, {@code incidents}) as readable
 * lines. A plain consumer without a group: it assigns itself every partition and commits nothing, so
 * watching leaves no trace on the cluster. It reads committed records only: the engine writes
 * exactly-once, and an aborted transaction's records never happened.
 */
final class Watch {

    /** How long to wait for the broker's metadata before saying it cannot be reached. */
    static final Duration METADATA_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, Object> consumerConfig;
    private final List<Tail<?>> tails;
    private final boolean fromBeginning;
    private final String bootstrap;
    private volatile boolean stopped;
    private volatile KafkaConsumer<byte[], byte[]> consumer;

    /** One topic tailed: its name, how to decode its values and how to say them. */
    private record Tail<V extends SpecificRecord>(String topic, Deserializer<V> values, Function<JsonNode, String> line) {

        String format(String topicName, byte[] bytes) {
            V value = values.deserialize(topicName, bytes);
            return value == null ? null : line.apply(AvroJson.toJson(value));
        }
    }

    /**
     * @param includeIncidents also a line for every change of an incident's state ({@code incidents})
     * @param fromBeginning every record still on the topics first, else only what comes from now on
     */
    Watch(String bootstrap, TopicSpecs topics, WatchFormat format, boolean includeIncidents, boolean fromBeginning) {
        this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(format, "format");
        this.fromBeginning = fromBeginning;
        this.tails = new ArrayList<>();
        tails.add(tail(topics.escalations(), format::escalation));
        tails.add(tail(topics.notifications(), format::notification));
        if (includeIncidents) {
            tails.add(tail(topics.incidents(), format::incident));
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "incident-engine-watch");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) METADATA_TIMEOUT.toMillis());
        this.consumerConfig = config;
    }

    /** Failing to start: the broker does not answer, or a topic is missing. */
    static final class WatchException extends Exception {
        private static final long serialVersionUID = 1L;

        WatchException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Prints a line per record until {@link #stop()} or {@code maxLines} lines (0: no limit). Says on
     * {@code err} once it is positioned, so that what arrives after that line is shown.
     *
     * @return the lines printed
     */
    long run(PrintStream out, PrintStream err, long maxLines) throws WatchException {
        Map<String, Tail<?>> byTopic = new HashMap<>();
        tails.forEach(tail -> byTopic.put(tail.topic(), tail));
        long printed = 0;
        try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafka;
            if (stopped) {
                return 0;
            }
            List<TopicPartition> partitions = partitions(kafka);
            kafka.assign(partitions);
            if (fromBeginning) {
                kafka.seekToBeginning(partitions);
            } else {
                kafka.seekToEnd(partitions);
            }
            // Positions are resolved lazily: resolve them now, so that "watching" means from here on.
            partitions.forEach(kafka::position);
            err.println("watching " + String.join(", ", byTopic.keySet().stream().sorted().toList()) + " on " + bootstrap
                    + (fromBeginning ? " from the beginning" : "") + " (Ctrl-C stops)");
            err.flush();
            while (!stopped && (maxLines == 0 || printed < maxLines)) {
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
                kafka.poll(POLL).forEach(batch::add);
                // Across topics and partitions, in the order things happened.
                batch.sort(Comparator.comparingLong(ConsumerRecord::timestamp));
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    String line = line(byTopic.get(record.topic()), record, err);
                    if (line != null) {
                        out.println(line);
                        printed++;
                        if (maxLines > 0 && printed >= maxLines) {
                            break;
                        }
                    }
                }
                out.flush();
            }
        } catch (WakeupException e) {
            // stop(): Ctrl-C.
        } catch (TimeoutException e) {
            throw new WatchException("Kafka at " + bootstrap + " did not answer within "
                    + METADATA_TIMEOUT.toSeconds() + " s (" + e.getMessage() + "); is the stack running? "
                    + "('bin/incident-engine dev'; --bootstrap or KAFKA_BOOTSTRAP_SERVERS names another broker)", e);
        } finally {
            consumer = null;
        }
        out.flush();
        return printed;
    }

    /** Ends {@link #run} from another thread (the shutdown hook of Ctrl-C). */
    void stop() {
        stopped = true;
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> kafka) throws WatchException {
        List<TopicPartition> partitions = new ArrayList<>();
        for (Tail<?> tail : tails) {
            List<PartitionInfo> infos = kafka.partitionsFor(tail.topic(), METADATA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                throw new WatchException("topic '" + tail.topic() + "' does not exist on " + bootstrap
                        + "; the engine creates it at start ('bin/incident-engine dev')", null);
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        return partitions;
    }

    /** The record's line, or null (said on {@code err}) when it cannot be decoded: one bad record must not end the watch. */
    private static String line(Tail<?> tail, ConsumerRecord<byte[], byte[]> record, PrintStream err) {
        if (tail == null || record.value() == null) {
            return null;
        }
        try {
            return tail.format(record.topic(), record.value());
        } catch (RuntimeException e) {
            err.println("skipping " + record.topic() + "-" + record.partition() + "@" + record.offset()
                    + ": cannot decode or show it (" + e + ")");
            return null;
        }
    }

    private static <V extends SpecificRecord> Tail<V> tail(TopicSpec<String, V> spec, Function<JsonNode, String> line) {
        return new Tail<>(spec.name(), spec.valueDeserializer(), line);
    }
}
