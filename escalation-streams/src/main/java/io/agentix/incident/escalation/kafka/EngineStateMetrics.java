package io.agentix.incident.escalation.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import io.agentix.incident.escalation.core.ClockType;
import io.agentix.incident.escalation.topology.ClockKeys;
import io.agentix.incident.escalation.topology.IndexKeys;
import io.agentix.incident.escalation.topology.OpenIncidents;
import io.agentix.incident.escalation.topology.StoreNames;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Severity;
import io.agentix.incident.service.metrics.MetricNames;

/**
 * Gauges of what the engine holds on this instance:
 * <ul>
 *   <li>{@code engine.incidents.open{severity,status}}: incidents neither closed nor dismissed, from the
 *       count the incident processor keeps ({@link OpenIncidents});</li>
 *   <li>{@code engine.clocks.pending{clock}}: stored clocks not fired yet, per clock type;</li>
 *   <li>{@code engine.clocks.overdue}: pending clocks whose deadline passed more than the clock check
 *       interval ago. The punctuation fires a clock within one interval of its deadline, so anything
 *       above 0 for more than a moment means clocks have stopped: the alarm.</li>
 * </ul>
 *
 * <p>Open incidents are counted by the processor as it stores them, not by scanning: the incidents store
 * holds every incident ever, closed ones too, and a scan deserializes each (about 40 ms per thousand
 * measured on the TopologyTestDriver's RocksDB stores). The clocks are read from the clock index, a few
 * entries per open incident and no Avro, in a scan on the scraping thread at most once per
 * {@code maxAge}, shared by the gauges of a scrape; the overdue count needs the time of the read, which
 * a count kept by the processor could not give. Where the instance hosts no active task (a standby, or
 * while streams is not running) the clock gauges are left out of the scrape rather than report a zero
 * that is not true: add them up over instances.
 */
public final class EngineStateMetrics {

    /** Reads a store of the engine's active tasks on this instance. */
    @FunctionalInterface
    public interface StoreReader {
        /**
         * @throws InvalidStateStoreException when the store is not queryable here right now
         */
        <V> ReadOnlyKeyValueStore<String, V> store(String name);

        /** The active stores of {@code streams}, through interactive queries. */
        static StoreReader of(KafkaStreams streams) {
            Objects.requireNonNull(streams, "streams");
            return new StoreReader() {
                @Override
                public <V> ReadOnlyKeyValueStore<String, V> store(String name) {
                    return streams.store(StoreQueryParameters.fromNameAndType(name,
                            QueryableStoreTypes.<String, V>keyValueStore()));
                }
            };
        }
    }

    /**
     * One read of the stores, served to the gauges until it is {@code maxAge} old; null while the stores
     * are not readable here (the next scrape tries again).
     */
    private final class Reading<T> {
        private final Duration maxAge;
        private final Function<Instant, T> read;
        private Instant at;
        private T value;

        Reading(Duration maxAge, Function<Instant, T> read) {
            this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
            this.read = read;
        }

        synchronized T get() {
            Instant now = clock.instant();
            if (value == null || !at.plus(maxAge).isAfter(now)) {
                try {
                    value = read.apply(now);
                    at = now;
                } catch (InvalidStateStoreException e) {
                    value = null;
                }
            }
            return value;
        }
    }

    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();
    private static final IncidentStatus[] OPEN_STATUSES = {IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED,
            IncidentStatus.MITIGATED, IncidentStatus.RESOLVED};

    private final StoreReader stores;
    private final Duration clockCheckInterval;
    private final Clock clock;
    /** Pending clocks per type, from a scan of the whole clock index. */
    private final Reading<Map<ClockType, Integer>> pending;
    /** Overdue clocks, from a read of the index's overdue part. */
    private final Reading<Integer> overdue;

    /**
     * Registers the gauges in {@code registry}.
     *
     * @param openIncidents the count the topology keeps ({@code EscalationTopologyConfig#openIncidents})
     * @param clockCheckInterval the topology's clock check interval: a clock later than that is overdue
     * @param overdueMaxAge how long one read of the overdue clocks serves the gauge; the read covers only the
     *                      clocks due before now (keys sort by deadline), a handful at most when all is well
     * @param pendingMaxAge how long one count of the pending clocks serves the gauges; the count reads the
     *                      whole index (a few entries per open incident), so it is kept rarer
     */
    public EngineStateMetrics(OpenIncidents openIncidents, StoreReader stores, MetricRegistry registry,
                              Duration clockCheckInterval, Duration overdueMaxAge, Duration pendingMaxAge, Clock clock) {
        Objects.requireNonNull(openIncidents, "openIncidents");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.clockCheckInterval = Objects.requireNonNull(clockCheckInterval, "clockCheckInterval");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pending = new Reading<>(pendingMaxAge, this::countPending);
        this.overdue = new Reading<>(overdueMaxAge, this::countOverdue);
        for (Severity severity : Severity.values()) {
            for (IncidentStatus status : OPEN_STATUSES) {
                registry.gauge(MetricNames.labelled("engine.incidents.open", "severity", severity.name(),
                        "status", status.name()),
                        () -> (Gauge<Integer>) () -> openIncidents.counts().get(severity).get(status));
            }
        }
        for (ClockType type : ClockType.values()) {
            registry.gauge(MetricNames.labelled("engine.clocks.pending", "clock", type.clockName()),
                    () -> (Gauge<Integer>) () -> {
                        Map<ClockType, Integer> counts = pending.get();
                        return counts == null ? null : counts.get(type);
                    });
        }
        registry.gauge("engine.clocks.overdue", () -> (Gauge<Integer>) overdue::get);
    }

    private Map<ClockType, Integer> countPending(Instant now) {
        Map<ClockType, Integer> counts = new EnumMap<>(ClockType.class);
        for (ClockType type : ClockType.values()) {
            counts.put(type, 0);
        }
        ReadOnlyKeyValueStore<String, String> index = stores.store(StoreNames.INDEX);
        try (KeyValueIterator<String, String> clocks = index.prefixScan(IndexKeys.CLOCKS, PREFIX_SERIALIZER)) {
            while (clocks.hasNext()) {
                counts.merge(ClockKeys.typeOf(clocks.next().key.substring(IndexKeys.CLOCKS.length())), 1, Integer::sum);
            }
        }
        return counts;
    }

    private Integer countOverdue(Instant now) {
        // Clock keys sort by deadline (13 digits of epoch millis first): the overdue ones are the range before
        // the first deadline still in time, so the read stays small however many clocks are pending.
        String overdueBefore = IndexKeys.CLOCKS + String.format("%013d", now.minus(clockCheckInterval).toEpochMilli());
        int count = 0;
        ReadOnlyKeyValueStore<String, String> index = stores.store(StoreNames.INDEX);
        try (KeyValueIterator<String, String> clocks = index.range(IndexKeys.CLOCKS, overdueBefore)) {
            while (clocks.hasNext()) {
                if (clocks.next().key.compareTo(overdueBefore) < 0) {
                    count++;
                }
            }
        }
        return count;
    }
}
