package io.agentix.incident.service.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import io.agentix.incident.service.metrics.MetricNames;
import io.dropwizard.lifecycle.Managed;

/**
 * The lag of one consumer group on its input topics, read from the broker every {@code interval} and
 * kept as Dropwizard gauges {@code consumer.lag.records{group,topic,partition}} (Prometheus
 * {@code consumer_lag_records}): the last stable offset of each partition minus the group's committed
 * offset, i.e. the records written and not yet done with.
 *
 * <p>Why the broker and not the consumer's own {@code records-lag} metric: that one is only updated
 * while the consumer fetches, so it freezes exactly when lag matters, when the consumer is stuck,
 * paused or dead. The committed offset keeps telling the truth then. A scrape reads memory only; the
 * broker is asked from a background thread (three small admin requests per interval).
 *
 * <p>Caveat: offsets count transaction markers too. A consumer that commits the offset after its last
 * record rather than its position (the notifier) shows a lag of 1 on a partition whose last entry is a
 * commit marker. Alert on lag that stays high or grows, not on 1.
 *
 * <p>{@link #stuckPartitions} names the partitions whose lag is above zero and whose committed offset
 * has not moved for a while: the consumer cannot do its job ({@code ConsumerLagHealthCheck}).
 */
public final class ConsumerLagMonitor implements Managed {

    /** The registry base name of the lag gauges. */
    public static final String LAG_METRIC = "consumer.lag.records";

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLagMonitor.class);

    /** One partition's figures at the last successful read. */
    public record PartitionLag(long committed, long end, long lag, Instant committedSince) {
    }

    private final Admin admin;
    private final String groupId;
    private final List<String> topics;
    private final MetricRegistry registry;
    private final Duration interval;
    private final Duration timeout;
    private final Clock clock;
    private final Set<TopicPartition> registered = ConcurrentHashMap.newKeySet();
    private volatile Map<TopicPartition, PartitionLag> latest = Map.of();
    private volatile String lastError;
    private ScheduledExecutorService scheduler;

    /**
     * @param interval how often the broker is asked
     * @param timeout how long one read may take
     */
    public ConsumerLagMonitor(Admin admin, String groupId, Collection<String> topics, MetricRegistry registry,
                              Duration interval, Duration timeout, Clock clock) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.groupId = Objects.requireNonNull(groupId, "groupId");
        this.topics = List.copyOf(topics);
        this.registry = Objects.requireNonNull(registry, "registry");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (this.topics.isEmpty()) {
            throw new IllegalArgumentException("consumer group " + groupId + ": no topics to follow the lag of");
        }
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("lag of " + groupId + ": interval and timeout must be positive, were "
                    + interval + " and " + timeout);
        }
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "consumer-lag-" + groupId);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The group's lag per partition at the last successful read; empty while the broker does not answer. */
    public Map<TopicPartition, PartitionLag> latest() {
        return latest;
    }

    /** Why the last read failed; null when it succeeded. */
    public String lastError() {
        return lastError;
    }

    /**
     * The partitions (as {@code topic-partition: lag N, committed offset unchanged since T}) that have
     * records waiting while the group's committed offset has not moved for longer than {@code stuckAfter}.
     */
    public List<String> stuckPartitions(Duration stuckAfter) {
        Instant limit = clock.instant().minus(stuckAfter);
        List<String> stuck = new ArrayList<>();
        new TreeMap<>(latestByName()).forEach((name, lag) -> {
            if (lag.lag() > 0 && lag.committedSince().isBefore(limit)) {
                stuck.add(name + ": lag " + lag.lag() + ", committed offset " + lag.committed() + " unchanged since "
                        + lag.committedSince());
            }
        });
        return stuck;
    }

    private Map<String, PartitionLag> latestByName() {
        Map<String, PartitionLag> byName = new HashMap<>();
        latest.forEach((partition, lag) -> byName.put(partition.toString(), lag));
        return byName;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again; the next interval must still try.
            fail(e.toString());
        }
    }

    /** Reads the committed and end offsets once and updates the gauges; on failure the gauges go blank. */
    public void refresh() throws InterruptedException {
        try {
            Map<TopicPartition, PartitionLag> next = read();
            next.keySet().forEach(this::register);
            latest = Map.copyOf(next);
            lastError = null;
        } catch (ExecutionException e) {
            fail(e.getCause().toString());
        } catch (TimeoutException e) {
            fail("no answer within " + timeout.toMillis() + " ms");
        }
    }

    private void fail(String error) {
        if (lastError == null) {
            LOG.warn("Cannot read the lag of consumer group {} on {}: {}", groupId, topics, error);
        }
        lastError = error;
        // Blank rather than stale: a last value kept while the broker is away would look like a healthy lag.
        latest = Map.of();
    }

    private Map<TopicPartition, PartitionLag> read() throws InterruptedException, ExecutionException, TimeoutException {
        long timeoutMillis = timeout.toMillis();
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
                .get(timeoutMillis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        described.values().forEach(topic -> topic.partitions().forEach(partition ->
                ends.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
        // Read-committed: the last stable offset, what the services' read_committed consumers can reach.
        ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs((int) timeoutMillis);
        Map<TopicPartition, ListOffsetsResultInfo> endOffsets = admin.listOffsets(ends, committedOnly).all()
                .get(timeoutMillis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId,
                        new ListConsumerGroupOffsetsOptions().timeoutMs((int) timeoutMillis))
                .partitionsToOffsetAndMetadata().get(timeoutMillis, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> neverCommitted = new HashMap<>();
        ends.keySet().stream().filter(partition -> committed.get(partition) == null)
                .forEach(partition -> neverCommitted.put(partition, OffsetSpec.earliest()));
        // A group that never committed starts at the earliest retained record (auto.offset.reset=earliest).
        Map<TopicPartition, ListOffsetsResultInfo> starts = neverCommitted.isEmpty() ? Map.of()
                : admin.listOffsets(neverCommitted, committedOnly).all().get(timeoutMillis, TimeUnit.MILLISECONDS);

        Instant now = clock.instant();
        Map<TopicPartition, PartitionLag> previous = latest;
        Map<TopicPartition, PartitionLag> next = new HashMap<>();
        endOffsets.forEach((partition, end) -> {
            OffsetAndMetadata commit = committed.get(partition);
            long position = commit != null ? commit.offset() : starts.get(partition).offset();
            PartitionLag before = previous.get(partition);
            Instant since = before != null && before.committed() == position ? before.committedSince() : now;
            next.put(partition, new PartitionLag(position, end.offset(), Math.max(0, end.offset() - position), since));
        });
        return next;
    }

    private void register(TopicPartition partition) {
        if (registered.add(partition)) {
            registry.gauge(MetricNames.labelled(LAG_METRIC, "group", groupId, "topic", partition.topic(),
                    "partition", Integer.toString(partition.partition())), () -> (Gauge<Long>) () -> {
                        PartitionLag lag = latest.get(partition);
                        return lag == null ? null : lag.lag();
                    });
        }
    }
}
