package io.agentix.incident.escalation.topology;

import java.util.Optional;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The key spaces of {@link StoreNames#INDEX}: the engine's indexes share one store, each under a
 * namespace prefix, because every store written in a transaction adds a changelog partition to it,
 * and at a 10 ms commit interval that per-partition cost is what decides the alert-to-page latency
 * (BENCHMARKS.md). Namespaces are never prefixes of each other, so a prefix scan stays inside one.
 * Values are strings (an incident id, an event id, a decimal number).
 */
public final class IndexKeys {

    /** {@code clock/<ClockKeys key>} -> generation: every pending clock, in deadline order. */
    public static final String CLOCKS = "clock/";

    /** {@code incident-clock/<incidentId>|<clock key>} -> generation: one incident's pending clocks. */
    static final String INCIDENT_CLOCKS = "incident-clock/";

    /** {@code dedup/<dedupKey>} -> incident id: the latest incident holding each dedup key. */
    static final String DEDUP_KEYS = "dedup/";

    /** {@code open/<component>|<incidentId>} -> incident id: incidents neither closed nor dismissed. */
    static final String OPEN_BY_COMPONENT = "open/";

    /** {@code seen/<eventId>} -> epoch millis: alert and command ids already applied (7 days). */
    static final String SEEN_EVENTS = "seen/";

    /** {@code seen-at/<%013d millis>|<eventId>} -> event id: {@link #SEEN_EVENTS} in age order. */
    static final String SEEN_EVENTS_BY_TIME = "seen-at/";

    /** {@code sequence/last} -> the last incident sequence number. */
    static final String SEQUENCE = "sequence/";

    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private IndexKeys() {
    }

    /**
     * The key (a {@link ClockKeys} key, without namespace) of the earliest pending clock in an index
     * store, if any: how the simulator finds the next deadline to jump to.
     */
    public static Optional<String> firstClockKey(ReadOnlyKeyValueStore<String, ?> index) {
        try (KeyValueIterator<String, ?> it = index.prefixScan(CLOCKS, PREFIX_SERIALIZER)) {
            return it.hasNext() ? Optional.of(it.next().key.substring(CLOCKS.length())) : Optional.empty();
        }
    }
}
