package io.agentix.incident.escalation.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import io.agentix.incident.escalation.topology.StoreNames;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.TimelineEntry;

/**
 * Reads the engine's state stores with interactive queries, and says which instance hosts an
 * incident when this one does not.
 *
 * <p>Only active stores are read (no standby, no stale state): an answer is what the engine decided
 * last, and it is read from one partition, the incident's, so the incident, its timeline and its
 * notifications (all written by the same task) agree with each other.
 *
 * <p>An incident lives in the partition of the engine's input topics ({@code alerts} and
 * {@code incident-commands}) that {@link KafkaStreams#queryMetadataForKey} computes from its id. That
 * holds because the shipped catalog gives both topics one partition (the engine's unit of
 * consistency, see the topology): every key maps to partition 0. Instances beyond the first run
 * standby replicas and serve reads by forwarding to the active one.
 *
 * <p>Every method throws {@link StoreUnavailableException} while streams is not {@code RUNNING}
 * (starting, rebalancing, stopped) or the store moved while it was being read.
 */
public final class IncidentStoreQueries {

    private static final StringSerializer KEYS = new StringSerializer();

    /** Where an incident lives: its partition, the instance whose active task has it, and whether that is this one. */
    public record Placement(HostInfo host, int partition, boolean local) {
    }

    private final KafkaStreams streams;
    private final HostInfo self;

    /**
     * @param self this instance's {@code application.server} ({@code host:port} of the app connector), as
     *     the other instances reach it; {@link HostInfo#unavailable()} when it is not set, which only a
     *     single instance may do (every incident is then local)
     */
    public IncidentStoreQueries(KafkaStreams streams, HostInfo self) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.self = Objects.requireNonNull(self, "self");
    }

    public HostInfo self() {
        return self;
    }

    /** Where {@code incidentId} lives (it may not exist: the answer is where it would be). */
    public Placement locate(String incidentId) {
        requireRunning();
        KeyQueryMetadata metadata = streams.queryMetadataForKey(StoreNames.INCIDENTS, incidentId, Serdes.String().serializer());
        if (metadata == null || metadata.partition() < 0 || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            throw new StoreUnavailableException("no instance hosts " + StoreNames.INCIDENTS
                    + " right now (Kafka Streams is rebalancing)");
        }
        HostInfo host = metadata.activeHost();
        boolean local = host.equals(self) || HostInfo.unavailable().equals(self);
        return new Placement(host, metadata.partition(), local);
    }

    /** The incident, read from this instance's active store of {@code partition}. */
    public Optional<Incident> incident(String incidentId, int partition) {
        return IncidentStoreQueries.<Incident, Optional<Incident>>read(streams, StoreNames.INCIDENTS, partition,
                store -> Optional.ofNullable(store.get(incidentId)));
    }

    /** The incident's timeline entries in sequence order. */
    public List<TimelineEntry> timeline(String incidentId, int partition) {
        return IncidentStoreQueries.<TimelineEntry, List<TimelineEntry>>read(streams, StoreNames.TIMELINE, partition,
                store -> values(store, incidentId));
    }

    /** The notifications emitted for the incident, in emission order. */
    public List<Notification> notifications(String incidentId, int partition) {
        return IncidentStoreQueries.<Notification, List<Notification>>read(streams, StoreNames.NOTIFICATIONS_SENT,
                partition, store -> values(store, incidentId));
    }

    /**
     * The incidents of every partition active on this instance that {@code filter} accepts; none when
     * no partition of the store is active here (an instance that only keeps a standby, or none).
     */
    public List<Incident> localIncidents(Predicate<Incident> filter) {
        requireRunning();
        if (!HostInfo.unavailable().equals(self) && !hostsActive(StoreNames.INCIDENTS)) {
            return List.of();
        }
        return IncidentStoreQueries.<Incident, List<Incident>>read(streams, StoreNames.INCIDENTS, null, store -> {
            List<Incident> matching = new ArrayList<>();
            try (KeyValueIterator<String, Incident> all = store.all()) {
                while (all.hasNext()) {
                    Incident incident = all.next().value;
                    if (filter.test(incident)) {
                        matching.add(incident);
                    }
                }
            }
            return matching;
        });
    }

    /**
     * The other instances that host the incidents store (active or standby), for a question every
     * instance must answer; this one is left out.
     */
    public List<HostInfo> otherInstances() {
        requireRunning();
        Collection<StreamsMetadata> hosts = streams.streamsMetadataForStore(StoreNames.INCIDENTS);
        List<HostInfo> others = new ArrayList<>();
        for (StreamsMetadata metadata : hosts) {
            if (!metadata.hostInfo().equals(self) && !HostInfo.unavailable().equals(metadata.hostInfo())) {
                others.add(metadata.hostInfo());
            }
        }
        return others;
    }

    private boolean hostsActive(String storeName) {
        return streams.streamsMetadataForStore(storeName).stream()
                .anyMatch(metadata -> metadata.hostInfo().equals(self) && metadata.stateStoreNames().contains(storeName));
    }

    private void requireRunning() {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new StoreUnavailableException("the engine's state is not queryable while Kafka Streams is "
                    + state + "; retry shortly");
        }
    }

    /** Runs {@code query} on the active store {@code storeName}: of {@code partition}, or of every local one when null. */
    private static <V, T> T read(KafkaStreams streams, String storeName, Integer partition,
                                 Function<ReadOnlyKeyValueStore<String, V>, T> query) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters =
                StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore());
        if (partition != null) {
            parameters = parameters.withPartition(partition);
        }
        try {
            return query.apply(streams.store(parameters));
        } catch (InvalidStateStoreException e) {
            // Not running, rebalancing, or the partition migrated away between locate() and now.
            throw new StoreUnavailableException("store " + storeName + " is not available on this instance right now ("
                    + e.getMessage() + "); retry shortly", e);
        }
    }

    /** The values of one incident's keys ({@code incidentId + "/..."}), in key order. */
    private static <V> List<V> values(ReadOnlyKeyValueStore<String, V> store, String incidentId) {
        List<V> values = new ArrayList<>();
        try (KeyValueIterator<String, V> range = store.prefixScan(StoreNames.incidentPrefix(incidentId), KEYS)) {
            while (range.hasNext()) {
                values.add(range.next().value);
            }
        }
        return values;
    }
}
