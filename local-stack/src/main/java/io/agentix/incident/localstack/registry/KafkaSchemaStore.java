package io.agentix.incident.localstack.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A log-backed key-value store on one compacted single-partition topic, the way Confluent's
 * {@code KafkaStore} works: a background reader applies every record of the topic, in order, to
 * the caller's state; a write is produced and then waited for until the reader has applied it, so
 * a caller that reads its state after {@link #write} sees its own write (and the state never
 * holds anything the log does not).
 *
 * <p>One writer per topic is assumed (the registry serializes its writes); two registries writing
 * the same topic at once could hand out the same version number.
 */
final class KafkaSchemaStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String topic;
    private final TopicPartition partition;
    private final Duration timeout;
    private final Consumer<ConsumerRecord<byte[], byte[]>> applier;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread reader;
    private final Object progress = new Object();
    private volatile boolean running = true;
    /** The next offset the reader will apply; guarded by {@link #progress}. */
    private long appliedUpTo;
    /** Why the reader stopped, if it did on its own; guarded by {@link #progress}. */
    private RuntimeException readerFailure;

    private KafkaSchemaStore(String bootstrapServers, String topic, Duration timeout,
                             Consumer<ConsumerRecord<byte[], byte[]>> applier) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.timeout = timeout;
        this.applier = applier;
        this.producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
        this.consumer = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::readForever, "schema-registry-reader-" + topic);
        this.reader.setDaemon(true);
    }

    /**
     * Creates the topic if it is missing, starts the reader and returns once the reader has applied
     * everything the topic held at start-up.
     */
    static KafkaSchemaStore open(String bootstrapServers, String topic, Duration timeout,
                                 Consumer<ConsumerRecord<byte[], byte[]>> applier) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(applier, "applier");
        long endOffset;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()))) {
            createIfMissing(admin, bootstrapServers, topic, timeout);
            endOffset = endOffset(admin, bootstrapServers, new TopicPartition(topic, 0), timeout);
        }
        KafkaSchemaStore store = new KafkaSchemaStore(bootstrapServers, topic, timeout, applier);
        store.reader.start();
        try {
            store.awaitApplied(endOffset, System.nanoTime() + timeout.toNanos());
        } catch (RuntimeException e) {
            store.close();
            throw new IllegalStateException("cannot read schema topic " + topic + " at " + bootstrapServers
                    + " up to its end offset " + endOffset + ": " + e.getMessage(), e);
        }
        LOG.info("Schema store read topic {} at {} up to offset {}", topic, bootstrapServers, endOffset);
        return store;
    }

    /**
     * Appends a record (a null value is a tombstone) and returns once the reader has applied it.
     * Throws {@link RegistryException} 50002 when Kafka does not take it, or the reader does not
     * see it, within the timeout.
     */
    void write(byte[] key, byte[] value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long offset;
        try {
            offset = producer.send(new ProducerRecord<>(topic, 0, key, value))
                    .get(remainingNanos(deadline), TimeUnit.NANOSECONDS)
                    .offset();
        } catch (ExecutionException e) {
            throw RegistryException.storeUnavailable("Kafka did not accept the write to schema topic " + topic + " at "
                    + bootstrapServers + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw RegistryException.storeUnavailable("Kafka did not acknowledge the write to schema topic " + topic + " at "
                    + bootstrapServers + " within " + timeout.toMillis() + " ms", e);
        } catch (KafkaException e) {
            throw RegistryException.storeUnavailable("cannot write to schema topic " + topic + " at " + bootstrapServers
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeUnavailable("interrupted while writing to schema topic " + topic, e);
        }
        awaitApplied(offset + 1, deadline);
    }

    /** Blocks until the reader's next offset is at least {@code offset}. */
    private void awaitApplied(long offset, long deadline) {
        synchronized (progress) {
            while (appliedUpTo < offset) {
                if (readerFailure != null) {
                    throw RegistryException.storeUnavailable("the reader of schema topic " + topic + " stopped: "
                            + readerFailure.getMessage(), readerFailure);
                }
                long remaining = remainingNanos(deadline);
                if (remaining <= 0 || !running) {
                    throw RegistryException.storeUnavailable("the reader of schema topic " + topic + " at " + bootstrapServers
                            + " did not reach offset " + offset + " within " + timeout.toMillis()
                            + " ms (it is at " + appliedUpTo + "); is Kafka available?", null);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw RegistryException.storeUnavailable("interrupted while waiting for the reader of schema topic " + topic, e);
                }
            }
        }
    }

    private void readForever() {
        try {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (running) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
                        applier.accept(record);
                    }
                    long position = consumer.position(partition, POLL_TIMEOUT);
                    synchronized (progress) {
                        appliedUpTo = position;
                        progress.notifyAll();
                    }
                } catch (RetriableException e) {
                    // Kafka is unavailable for now (the position is unknown until it answers): keep trying.
                    LOG.debug("The reader of schema topic {} waits for Kafka at {}: {}", topic, bootstrapServers, e.getMessage());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                fail(e);
            }
        } catch (RuntimeException e) {
            LOG.error("The reader of schema topic {} at {} stopped; the registry cannot serve writes any more",
                    topic, bootstrapServers, e);
            fail(e);
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    private void fail(RuntimeException e) {
        synchronized (progress) {
            readerFailure = e;
            progress.notifyAll();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (progress) {
            progress.notifyAll();
        }
        producer.close(Duration.ofSeconds(1));
    }

    private static void createIfMissing(Admin admin, String bootstrapServers, String topic, Duration timeout) {
        NewTopic newTopic = new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created schema topic {} at {}", topic, bootstrapServers);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create schema topic " + topic + " at " + bootstrapServers + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create schema topic " + topic + ": Kafka at " + bootstrapServers
                    + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating schema topic " + topic, e);
        }
        requireSinglePartition(admin, bootstrapServers, topic, timeout);
    }

    /** The reader reads partition 0 only, so records on any other partition would be lost. */
    private static void requireSinglePartition(Admin admin, String bootstrapServers, String topic, Duration timeout) {
        TopicDescription description = get(() -> admin.describeTopics(List.of(topic)).allTopicNames(),
                bootstrapServers, "describe schema topic " + topic, timeout).get(topic);
        if (description.partitions().size() != 1) {
            throw new IllegalStateException("schema topic " + topic + " at " + bootstrapServers + " has "
                    + description.partitions().size() + " partitions; a schema registry needs exactly 1");
        }
    }

    private static long endOffset(Admin admin, String bootstrapServers, TopicPartition partition, Duration timeout) {
        return get(() -> admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all(),
                bootstrapServers, "read the end offset of schema topic " + partition.topic(), timeout)
                .get(partition).offset();
    }

    /**
     * Waits for an admin call, repeating it while Kafka answers with a retriable error: right after
     * a topic is created the broker may not know it yet ("does not host this topic-partition").
     */
    private static <T> T get(java.util.function.Supplier<org.apache.kafka.common.KafkaFuture<T>> call,
                             String bootstrapServers, String action, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call.get().get(Math.max(1, remainingNanos(deadline)), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)
                        || remainingNanos(deadline) <= 0) {
                    throw new IllegalStateException("cannot " + action + " at " + bootstrapServers + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
                LOG.debug("retrying to {}: {}", action, e.getCause().getMessage());
                sleepQuietly(100);
            } catch (TimeoutException e) {
                throw new IllegalStateException("cannot " + action + ": Kafka at " + bootstrapServers
                        + " did not answer within " + timeout.toMillis() + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while trying to " + action, e);
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    private static long remainingNanos(long deadline) {
        return deadline - System.nanoTime();
    }

    private Properties producerProperties() {
        int timeoutMs = (int) timeout.toMillis();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-writer-" + topic);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeoutMs / 2));
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        return props;
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-reader-" + topic);
        // No group: the reader is assigned the one partition and always starts from the beginning.
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }
}
