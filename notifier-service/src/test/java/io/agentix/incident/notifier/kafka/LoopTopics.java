package io.agentix.incident.notifier.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationReceipt;
import io.agentix.incident.notifier.channel.Channels;
import io.agentix.incident.notifier.delivery.DeliveryListener;
import io.agentix.incident.notifier.delivery.DeliverySettings;
import io.agentix.incident.testing.KafkaCluster;
import io.agentix.incident.testing.TopicRecords;
import io.agentix.incident.topics.EventTopic;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSettings;
import io.agentix.incident.topics.TopicSpecs;

/**
 * One test's topics (named after the test, on the real broker), its consumer group, and what the loop
 * tests do with them: start a loop, publish a notification, read the receipts, read the committed offsets.
 */
final class LoopTopics {

    static final Duration WAIT = Duration.ofSeconds(30);

    private final KafkaCluster kafka;
    private final TopicSpecs topics;
    private final String group;

    /** Creates every topic as {@code <prefix>.<default name>} with {@code partitions} partitions. */
    LoopTopics(KafkaCluster kafka, String prefix, int partitions) {
        this.kafka = kafka;
        Map<String, TopicSettings> settings = new HashMap<>();
        for (EventTopic topic : EventTopic.values()) {
            settings.put(topic.defaultName(), TopicSettings.named(prefix + "." + topic.defaultName()));
        }
        TopicCatalog catalog = TopicCatalog.from(partitions, (short) 1, settings);
        kafka.createTopics(catalog);
        this.topics = TopicSpecs.create(catalog, Map.of("schema.registry.url", "mock://" + prefix));
        this.group = prefix;
    }

    /** Starts a loop of this group with two workers. */
    NotificationLoop start(Channels channels, DeliverySettings settings, java.time.Clock clock,
                           DeliveryListener listener, NotificationLoop.CommitHook hook) throws Exception {
        Map<String, Object> consumerConfig = kafka.consumerConfig(group);
        // A killed member leaves no LeaveGroup behind: the broker's minimum session keeps the restart short.
        consumerConfig.put("session.timeout.ms", 6000);
        consumerConfig.put("heartbeat.interval.ms", 500);
        NotificationLoop loop = new NotificationLoop(
                new NotificationLoop.Settings(topics.notifications().name(), topics.receipts().name(), 2,
                        Duration.ofMillis(20), WAIT, Duration.ofSeconds(5)),
                new NotificationLoop.Clients(consumerConfig, kafka.producerConfig(),
                        topics.notifications().valueDeserializer(), topics.receipts().valueSerializer()),
                channels, settings, clock, listener, hook);
        loop.start();
        return loop;
    }

    void publish(Notification notification) {
        try (KafkaProducer<String, Notification> producer = new KafkaProducer<>(kafka.producerConfig(),
                topics.notifications().keySerializer(), topics.notifications().valueSerializer())) {
            producer.send(new ProducerRecord<>(topics.notifications().name(), notification.getIncidentId(),
                    notification)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot publish " + notification.getNotificationId(), e);
        }
    }

    /** Publishes in one transaction, as the escalation engine does: the partition then ends in a marker. */
    void publishInTransaction(Notification notification) {
        Map<String, Object> config = new HashMap<>(kafka.producerConfig());
        config.put("transactional.id", group + "-publisher");
        try (KafkaProducer<String, Notification> producer = new KafkaProducer<>(config,
                topics.notifications().keySerializer(), topics.notifications().valueSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.notifications().name(), notification.getIncidentId(),
                    notification));
            producer.commitTransaction();
        }
    }

    /** The end offset of each partition of the notifications topic (past any transaction marker). */
    Map<Integer, Long> endOffsets() throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
        for (var partition : kafka.admin().describeTopics(List.of(topics.notifications().name()))
                .allTopicNames().get().get(topics.notifications().name()).partitions()) {
            latest.put(new TopicPartition(topics.notifications().name(), partition.partition()),
                    org.apache.kafka.clients.admin.OffsetSpec.latest());
        }
        Map<Integer, Long> result = new HashMap<>();
        kafka.admin().listOffsets(latest).all().get()
                .forEach((partition, info) -> result.put(partition.partition(), info.offset()));
        return result;
    }

    List<NotificationReceipt> readReceipts() {
        return TopicRecords.readAll(kafka, topics.receipts().name(), topics.receipts().keyDeserializer(),
                topics.receipts().valueDeserializer(), WAIT).stream().map(ConsumerRecord::value).toList();
    }

    /** The group's committed offset per partition of the notifications topic. */
    Map<Integer, Long> committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = kafka.admin().listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<Integer, Long> result = new HashMap<>();
        offsets.forEach((partition, offset) -> {
            if (offset != null) {
                result.put(partition.partition(), offset.offset());
            }
        });
        return result;
    }
}
