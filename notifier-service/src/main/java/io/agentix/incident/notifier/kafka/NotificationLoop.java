package io.agentix.incident.notifier.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationReceipt;
import io.agentix.incident.notifier.channel.Channels;
import io.agentix.incident.notifier.channel.DeliveryException;
import io.agentix.incident.notifier.channel.SendResult;
import io.agentix.incident.notifier.delivery.CircuitBreaker;
import io.agentix.incident.notifier.delivery.DeliveryCoordinator;
import io.agentix.incident.notifier.delivery.DeliveryCoordinator.Attempt;
import io.agentix.incident.notifier.delivery.DeliveryCoordinator.Outcome;
import io.agentix.incident.notifier.delivery.DeliveryListener;
import io.agentix.incident.notifier.delivery.DeliverySettings;
import io.agentix.incident.notifier.delivery.ReceiptBook;
import io.dropwizard.lifecycle.Managed;

/**
 * The notifier's consumer loop: takes notifications from {@code notifications} ({@code read_committed},
 * manual commits, scaling by partitions across the instances of one group), has a
 * {@link DeliveryCoordinator} decide, sends attempts on a worker pool, publishes receipts to
 * {@code notification-receipts} ({@code acks=all}, idempotent) and commits an offset only once every
 * delivery before it has an acknowledged receipt.
 *
 * <p>One thread owns the consumer and the coordinator; workers and producer callbacks hand their results
 * back through a queue. Re-attempts of parked deliveries and digests run on the injected {@link Clock},
 * checked on every turn of the loop. A {@link CommitHook} runs between "receipts acknowledged" and "offset
 * committed"; a test throws from it to crash the loop exactly there.
 *
 * <p>When the loop dies from an exception it commits nothing more, but it still waits (bounded by the drain
 * timeout) for the sends under way and publishes their receipts before closing the producer: a message that
 * went out has a receipt, so the next owner of its partition does not send it again.
 */
public final class NotificationLoop implements Managed {

    /** Runs on the loop thread just before offsets are committed; an exception from it kills the loop. */
    @FunctionalInterface
    public interface CommitHook {

        CommitHook NONE = offsets -> {
        };

        void beforeCommit(Map<TopicPartition, OffsetAndMetadata> offsets);
    }

    /**
     * @param topic the notifications topic
     * @param receiptsTopic the receipts topic
     * @param concurrency worker threads sending attempts
     * @param idlePoll how long a poll waits when nothing is being sent
     * @param catchUpTimeout how long reading the receipts to their end may take at start and on assignment
     * @param drainTimeout how long a revocation, a stop or a failure waits for attempts under way and their receipts
     */
    public record Settings(String topic, String receiptsTopic, int concurrency, Duration idlePoll,
                           Duration catchUpTimeout, Duration drainTimeout) {

        public Settings {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(receiptsTopic, "receiptsTopic");
            Objects.requireNonNull(idlePoll, "idlePoll");
            Objects.requireNonNull(catchUpTimeout, "catchUpTimeout");
            Objects.requireNonNull(drainTimeout, "drainTimeout");
            if (concurrency < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
            }
        }
    }

    /** The Kafka side: client settings and the Avro serdes of the two topics. */
    public record Clients(Map<String, Object> consumerConfig, Map<String, Object> producerConfig,
                          Deserializer<Notification> notifications, Serializer<NotificationReceipt> receipts) {

        public Clients {
            consumerConfig = Map.copyOf(consumerConfig);
            producerConfig = Map.copyOf(producerConfig);
            Objects.requireNonNull(notifications, "notifications");
            Objects.requireNonNull(receipts, "receipts");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(NotificationLoop.class);
    private static final Duration BUSY_POLL = Duration.ofMillis(5);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final Settings settings;
    private final Clients clients;
    private final Channels channels;
    private final DeliverySettings delivery;
    private final ReceiptBook book;
    private final Clock clock;
    private final DeliveryListener listener;
    private final CommitHook hook;
    private final ReceiptFollower follower;
    private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private final int instance = INSTANCES.incrementAndGet();

    private volatile boolean running;
    private volatile Throwable failure;
    private volatile DeliveryCoordinator coordinator;
    private volatile int assignedPartitions;
    private Thread thread;
    private KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, NotificationReceipt> producer;
    private ExecutorService workers;
    private final Set<TopicPartition> paused = new HashSet<>();

    public NotificationLoop(Settings settings, Clients clients, Channels channels, DeliverySettings delivery,
                            Clock clock, DeliveryListener listener, CommitHook hook) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.channels = Objects.requireNonNull(channels, "channels");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.hook = Objects.requireNonNull(hook, "hook");
        this.book = new ReceiptBook();
        this.follower = new ReceiptFollower(clients.consumerConfig(), settings.receiptsTopic(), book);
    }

    /**
     * Reads the receipts to their end, then starts polling.
     *
     * @throws TimeoutException when the receipts cannot be read within the catch-up timeout
     */
    @Override
    public synchronized void start() throws Exception {
        if (thread != null) {
            return;
        }
        follower.start();
        follower.awaitCaughtUp(settings.catchUpTimeout());
        Map<String, Object> consumerConfig = new HashMap<>(clients.consumerConfig());
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerConfig.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        producer = new KafkaProducer<>(clients.producerConfig(), new StringSerializer(), clients.receipts());
        workers = Executors.newFixedThreadPool(settings.concurrency(), runnable -> {
            Thread worker = new Thread(runnable, "notifier-delivery-" + instance);
            worker.setDaemon(true);
            return worker;
        });
        coordinator = new DeliveryCoordinator(delivery, channels, book, new Port(),
                () -> ThreadLocalRandom.current().nextDouble(), listener);
        running = true;
        thread = new Thread(this::run, "notifier-loop-" + instance);
        thread.start();
    }

    /** Stops polling, waits (bounded) for attempts under way and their receipts, commits, closes. */
    @Override
    public void stop() throws InterruptedException {
        Thread polling;
        synchronized (this) {
            polling = thread;
            thread = null;
        }
        if (polling != null) {
            // No wakeup(): it could hit the final commit; the loop sees the flag within one idle poll.
            running = false;
            polling.join(settings.drainTimeout().toMillis() + 10_000);
        }
        follower.close();
    }

    /** Null while the loop runs or stopped cleanly; the error that killed it otherwise. */
    public Throwable failure() {
        return failure != null ? failure : follower.failure();
    }

    /** True while the loop thread runs. */
    public boolean running() {
        return running && failure == null;
    }

    /** Notifications taken and not finished. */
    public int inFlight() {
        DeliveryCoordinator current = coordinator;
        return current == null ? 0 : current.inFlight();
    }

    /** Partitions of the notifications topic this instance holds. */
    public int assignedPartitions() {
        return assignedPartitions;
    }

    /** The breaker state of each endpoint attempted so far. */
    public Map<String, CircuitBreaker.State> breakerStates() {
        DeliveryCoordinator current = coordinator;
        return current == null ? Map.of() : current.breakerStates();
    }

    private void run() {
        boolean clean = false;
        try {
            consumer.subscribe(List.of(settings.topic()), new Rebalance());
            while (running) {
                // Short polls while attempts or receipt acknowledgements are under way: their results arrive as
                // events, and a receipt acknowledged during a long poll would wait for it to end before its
                // offset is committed and the incident's next notification may start.
                Duration timeout = coordinator.hasWork() || !events.isEmpty() ? BUSY_POLL : settings.idlePoll();
                for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
                    take(record);
                }
                notePositions();
                drainEvents();
                coordinator.tick(clock.instant());
                drainEvents();
                commit();
                applyBackpressure();
            }
            drain(coordinator::hasWork);
            commit();
            clean = true;
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("The notification loop stopped: deliveries stay uncommitted and are taken up again after a"
                    + " restart or by another instance", e);
            finishSendsUnderWay(e);
        } finally {
            running = false;
            workers.shutdownNow();
            consumer.close(clean ? Duration.ofSeconds(5) : Duration.ZERO);
            producer.close(clean ? Duration.ofSeconds(5) : Duration.ZERO);
        }
    }

    /**
     * After a failure, before the producer closes: a send under way cannot be called back, and once it finishes
     * the message has gone out. Without its receipt the next owner of the partition would send it a second time,
     * so this waits (bounded by the drain timeout) for the sends under way and the acknowledgement of their
     * receipts. It starts no new attempt (see {@link Port#attempt}) and commits nothing: the records stay
     * uncommitted, and the receipts tell the next owner what is done.
     */
    private void finishSendsUnderWay(Throwable cause) {
        try {
            drain(coordinator::hasWork);
        } catch (RuntimeException | Error e) {
            // The coordinator may be what failed: give up on the receipts rather than hide the first failure.
            cause.addSuppressed(e);
            LOG.warn("Could not finish the sends under way after the loop stopped: {}", e.toString());
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        Notification notification;
        try {
            notification = record.value() == null ? null
                    : clients.notifications().deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException undecodable) {
            LOG.error("Skipping {}-{}@{}: not a notification: {}", record.topic(), record.partition(), record.offset(),
                    undecodable.toString());
            coordinator.skip(record.partition(), record.offset());
            return;
        }
        if (notification == null) {
            LOG.warn("Skipping {}-{}@{}: no value", record.topic(), record.partition(), record.offset());
            coordinator.skip(record.partition(), record.offset());
            return;
        }
        coordinator.accept(record.partition(), record.offset(), notification, clock.instant());
    }

    private void drainEvents() {
        for (Runnable event; (event = events.poll()) != null; ) {
            event.run();
        }
    }

    /** Runs events until {@code busy} is false or the drain timeout passed. */
    private void drain(java.util.function.BooleanSupplier busy) {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        try {
            while (busy.getAsBoolean() && System.nanoTime() < deadline) {
                Runnable event = events.poll(10, TimeUnit.MILLISECONDS);
                if (event != null) {
                    event.run();
                }
                drainEvents();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (busy.getAsBoolean()) {
            LOG.warn("Attempts or receipts still under way after {}: their records are left uncommitted",
                    settings.drainTimeout());
        }
    }

    /** Every record the last poll returned was taken: the positions may pass transaction markers. */
    private void notePositions() {
        for (TopicPartition partition : consumer.assignment()) {
            try {
                coordinator.readTo(partition.partition(), consumer.position(partition, Duration.ZERO));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // No position yet (just assigned): the next turn has one.
            }
        }
    }

    private void commit() {
        Map<Integer, Long> next = coordinator.toCommit();
        if (next.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        next.forEach((partition, offset) -> offsets.put(new TopicPartition(settings.topic(), partition),
                new OffsetAndMetadata(offset)));
        hook.beforeCommit(offsets);
        try {
            consumer.commitSync(offsets);
            coordinator.committed(next);
        } catch (KafkaException e) {
            LOG.warn("Committing {} failed, trying again on the next turn: {}", offsets, e.toString());
        }
    }

    private void applyBackpressure() {
        Set<TopicPartition> assignment = consumer.assignment();
        if (coordinator.inFlight() >= delivery.maxInFlight()) {
            if (paused.addAll(assignment)) {
                consumer.pause(assignment);
            }
        } else if (!paused.isEmpty()) {
            paused.retainAll(assignment);
            consumer.resume(paused);
            paused.clear();
        }
    }

    /** Carries out the coordinator's decisions; results come back through {@link #events}. */
    private final class Port implements DeliveryCoordinator.Port {

        @Override
        public void attempt(Attempt attempt) {
            if (failure != null) {
                // The loop is finishing what is under way after a failure (a receipt acknowledged there lets the
                // incident's next delivery start): nothing new goes out. Reported as a retryable failure, so the
                // coordinator stops counting it as being sent; the next owner attempts it.
                events.add(() -> coordinator.attempted(attempt.delivery().deliveryId(),
                        new DeliveryCoordinator.Failed("the notification loop stopped before this attempt", true),
                        clock.instant()));
                return;
            }
            workers.execute(() -> {
                Outcome outcome;
                try {
                    SendResult result = attempt.channel().send(attempt.delivery());
                    outcome = new DeliveryCoordinator.Sent(result);
                } catch (DeliveryException e) {
                    outcome = new DeliveryCoordinator.Failed(e.getMessage(), e.retryable());
                } catch (RuntimeException e) {
                    // A channel bug or an unexpected client error: retried, bounded by maxAttempts.
                    LOG.warn("Channel {} threw on {}", attempt.channel().endpoint(), attempt.delivery().deliveryId(), e);
                    outcome = new DeliveryCoordinator.Failed(e.toString(), true);
                }
                Outcome reported = outcome;
                events.add(() -> coordinator.attempted(attempt.delivery().deliveryId(), reported, clock.instant()));
            });
        }

        @Override
        public void publish(String key, NotificationReceipt receipt) {
            try {
                producer.send(new ProducerRecord<>(settings.receiptsTopic(), key, receipt), (metadata, error) -> {
                    if (error == null) {
                        events.add(() -> coordinator.receiptAcknowledged(key, clock.instant()));
                    } else {
                        LOG.warn("Receipt {} not acknowledged, publishing again: {}", key, error.toString());
                        events.add(() -> coordinator.receiptFailed(key, clock.instant()));
                    }
                });
            } catch (KafkaException e) {
                LOG.warn("Receipt {} not sent, publishing again: {}", key, e.toString());
                events.add(() -> coordinator.receiptFailed(key, clock.instant()));
            }
        }
    }

    /** Hands partitions over without sending twice: waits for what is under way, commits, forgets the rest. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty() || failure != null) {
                return; // a dead loop commits nothing more: the next owner takes the records up again
            }
            List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
            drain(() -> coordinator.busy(numbers));
            commit();
            forget(partitions, numbers);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions, partitions.stream().map(TopicPartition::partition).toList());
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            assignedPartitions = consumer.assignment().size();
            if (partitions.isEmpty()) {
                return;
            }
            try {
                // Another instance may have sent some of these records' deliveries just before it let go.
                follower.awaitCaughtUp(settings.catchUpTimeout());
            } catch (TimeoutException e) {
                throw new IllegalStateException(e.getMessage() + "; not taking partitions " + partitions, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the receipts", e);
            }
        }

        private void forget(Collection<TopicPartition> partitions, List<Integer> numbers) {
            coordinator.revoke(numbers);
            coordinator.resume(clock.instant());
            paused.removeAll(partitions);
            assignedPartitions = Math.max(0, consumer.assignment().size() - partitions.size());
        }
    }
}
