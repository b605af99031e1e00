package io.agentix.incident.notifier.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.notifier.delivery.ReceiptBook;

/**
 * Reads {@code notification-receipts} from its beginning and keeps following it, recording every delivery
 * id that has a receipt in the {@link ReceiptBook}, so that neither a restart nor a partition moved from
 * another instance sends a delivery twice. Only the keys are read (the delivery ids), so it needs no
 * schema registry. No consumer group: every instance reads every partition.
 *
 * <p>{@link #awaitCaughtUp} returns once everything the topic held when it was called has been read; the
 * consumer loop calls it at start and on every assignment, before it takes a record.
 */
public final class ReceiptFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptFollower.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Map<String, Object> config;
    private final String topic;
    private final ReceiptBook book;
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> catchUps = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Throwable failure;
    private Thread thread;

    /**
     * @param consumerConfig connection settings (bootstrap servers, client id, timeouts); group settings are
     *                       removed, isolation is read_committed
     */
    public ReceiptFollower(Map<String, Object> consumerConfig, String topic, ReceiptBook book) {
        this.config = new HashMap<>(Objects.requireNonNull(consumerConfig, "consumerConfig"));
        this.config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        this.topic = Objects.requireNonNull(topic, "topic");
        this.book = Objects.requireNonNull(book, "book");
    }

    /** Starts following; the topic must exist. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::follow, "notifier-receipts-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits until every receipt on the topic when this was called is in the book.
     *
     * @throws TimeoutException naming the topic when that takes longer than {@code timeout}
     * @throws IllegalStateException when the follower stopped on an error
     */
    public void awaitCaughtUp(Duration timeout) throws TimeoutException, InterruptedException {
        if (failure != null) {
            throw new IllegalStateException("the reader of " + topic + " stopped: " + failure, failure);
        }
        CompletableFuture<Void> caughtUp = new CompletableFuture<>();
        catchUps.add(caughtUp);
        try {
            caughtUp.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the reader of " + topic + " stopped: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new TimeoutException("did not read " + topic + " to its end within " + timeout);
        }
    }

    private void follow() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<CompletableFuture<Void>, Map<TopicPartition, Long>> waiting = new HashMap<>();
            while (running) {
                for (CompletableFuture<Void> request; (request = catchUps.poll()) != null; ) {
                    waiting.put(request, consumer.endOffsets(partitions));
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    if (record.key() != null) {
                        book.record(record.key());
                    }
                }
                waiting.entrySet().removeIf(entry -> {
                    if (reached(entry.getValue())) {
                        entry.getKey().complete(null);
                        return true;
                    }
                    return false;
                });
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer up
        } catch (RuntimeException e) {
            if (running) {
                LOG.error("Stopped reading {}: deliveries may be attempted again after a restart", topic, e);
                failure = e;
                catchUps.forEach(request -> request.completeExceptionally(e));
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Null while following; the error that stopped it otherwise. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        Thread following;
        synchronized (this) {
            following = thread;
            thread = null;
        }
        if (following == null) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            following.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
