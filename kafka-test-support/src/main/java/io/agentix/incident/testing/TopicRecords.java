package io.agentix.incident.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads what a topic holds, for assertions: every committed record from the beginning up to the
 * end the topic had when reading started, without a consumer group (so no rebalance to wait for,
 * and no offsets left behind that could hide records from the code under test).
 */
public final class TopicRecords {

    private TopicRecords() {
    }

    /**
     * Every committed record of {@code topic}, in offset order within each partition.
     *
     * @throws IllegalStateException naming the topic when it does not exist or when its records are
     *     not all read within {@code timeout}
     */
    public static <K, V> List<ConsumerRecord<K, V>> readAll(KafkaCluster cluster, String topic,
                                                            Deserializer<K> keyDeserializer,
                                                            Deserializer<V> valueDeserializer,
                                                            Duration timeout) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(keyDeserializer, "keyDeserializer");
        Objects.requireNonNull(valueDeserializer, "valueDeserializer");
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config, keyDeserializer, valueDeserializer)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist on " + cluster.bootstrapServers());
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed these are the last stable offsets: open transactions are not waited for.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            List<ConsumerRecord<K, V>> records = new ArrayList<>();
            while (!reachedEnd(consumer, ends)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("read " + records.size() + " records of topic " + topic
                            + " but not up to its end offsets " + ends + " within " + timeout);
                }
                consumer.poll(Duration.ofNanos(Math.min(left, Duration.ofMillis(500).toNanos()))).forEach(records::add);
            }
            return records;
        }
    }

    private static boolean reachedEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
