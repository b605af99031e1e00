package io.agentix.incident.escalation.topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.agentix.incident.escalation.core.EngineState;
import io.agentix.incident.escalation.core.PendingClock;
import io.agentix.incident.escalation.core.ZeroPadded;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.topics.TopicSpecs;

/**
 * The {@link IncidentProcessor}'s state: the engine's read view ({@link EngineState}) over the
 * stores, and the writes that keep the stores and their indexes consistent with each other.
 *
 * <p>Every store is persistent (RocksDB) with a changelog, so a restart on the same state directory
 * resumes at once and a fresh instance restores from the changelogs.
 */
final class IncidentStores implements EngineState {

    private static final String SEQUENCE_KEY = "last";
    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();
    /** "Newest" incident: the latest detection, then the higher id (ids of one engine only grow). */
    private static final Comparator<Incident> NEWEST = Comparator.comparing(Incident::getDetectedAt)
            .thenComparing(Incident::getIncidentId);

    private final KeyValueStore<String, Incident> incidents;
    private final KeyValueStore<String, TimelineEntry> timeline;
    private final KeyValueStore<String, Notification> notificationsSent;
    private final IndexSpace clocks;
    private final IndexSpace incidentClocks;
    private final IndexSpace dedupKeys;
    private final IndexSpace openByComponent;
    private final IndexSpace seenEvents;
    private final IndexSpace seenEventsByTime;
    private final IndexSpace sequence;
    private final MainDeploys mainDeploys;

    private IncidentStores(ProcessingContext context) {
        incidents = context.getStateStore(StoreNames.INCIDENTS);
        timeline = context.getStateStore(StoreNames.TIMELINE);
        notificationsSent = context.getStateStore(StoreNames.NOTIFICATIONS_SENT);
        KeyValueStore<String, String> index = context.getStateStore(StoreNames.INDEX);
        clocks = new IndexSpace(index, IndexKeys.CLOCKS);
        incidentClocks = new IndexSpace(index, IndexKeys.INCIDENT_CLOCKS);
        dedupKeys = new IndexSpace(index, IndexKeys.DEDUP_KEYS);
        openByComponent = new IndexSpace(index, IndexKeys.OPEN_BY_COMPONENT);
        seenEvents = new IndexSpace(index, IndexKeys.SEEN_EVENTS);
        seenEventsByTime = new IndexSpace(index, IndexKeys.SEEN_EVENTS_BY_TIME);
        sequence = new IndexSpace(index, IndexKeys.SEQUENCE);
        mainDeploys = new MainDeploys(context.getStateStore(StoreNames.MAIN_DEPLOYS));
    }

    /** The stores of an initialized processor's task. */
    static IncidentStores of(ProcessingContext context) {
        return new IncidentStores(context);
    }

    /** The builders of every store here except the global deploy store, for {@code ProcessorSupplier#stores()}. */
    static Set<StoreBuilder<?>> builders(TopicSpecs topics, StoreType type) {
        return Set.of(
                store(type, StoreNames.INCIDENTS, topics.incidents().valueSerde()),
                store(type, StoreNames.TIMELINE, topics.timeline().valueSerde()),
                store(type, StoreNames.NOTIFICATIONS_SENT, topics.notifications().valueSerde()),
                store(type, StoreNames.INDEX, Serdes.String()));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(StoreType type, String name, Serde<V> valueSerde) {
        // Logging is on by default; named explicitly because the changelog is what survives a lost disk.
        return Stores.keyValueStoreBuilder(type.supplier(name), Serdes.String(), valueSerde)
                .withLoggingEnabled(Map.of());
    }

    // ---- EngineState: the engine's read view ----

    @Override
    public Optional<Incident> incident(String incidentId) {
        return Optional.ofNullable(incidents.get(incidentId));
    }

    @Override
    public Optional<String> incidentForDedupKey(String dedupKey) {
        return Optional.ofNullable(dedupKeys.get(dedupKey));
    }

    @Override
    public Optional<String> openIncidentForComponent(String component) {
        List<Incident> open = new ArrayList<>();
        openByComponent.scan(component + "|", (key, incidentId) -> {
            Incident incident = incidents.get(incidentId);
            // The index is kept from stored incidents; checking again costs little and never
            // lets a stale entry (a component dropped from an incident) join alerts wrongly.
            if (incident != null && isOpen(incident) && incident.getComponents().contains(component)) {
                open.add(incident);
            }
            return true;
        });
        return open.stream().max(NEWEST).map(Incident::getIncidentId);
    }

    @Override
    public boolean seenEvent(String eventId) {
        return seenEvents.get(eventId) != null;
    }

    @Override
    public Optional<DeploymentEvent> lastMainDeploy(Instant atOrBefore) {
        return mainDeploys.lastAtOrBefore(atOrBefore);
    }

    @Override
    public List<DeploymentEvent> mainDeploysBetween(Instant from, Instant to) {
        return mainDeploys.between(from, to);
    }

    @Override
    public long lastIncidentSequence() {
        String last = sequence.get(SEQUENCE_KEY);
        return last == null ? 0 : Long.parseLong(last);
    }

    @Override
    public List<PendingClock> clocksOf(String incidentId) {
        List<PendingClock> pending = new ArrayList<>();
        incidentClocks.scan(ClockKeys.incidentPrefix(incidentId), (key, generation) -> {
            pending.add(ClockKeys.clock(ClockKeys.clockKeyOfIndexKey(key), Integer.parseInt(generation)));
            return true;
        });
        return pending;
    }

    @Override
    public List<TimelineEntry> timelineOf(String incidentId) {
        List<TimelineEntry> entries = new ArrayList<>();
        try (KeyValueIterator<String, TimelineEntry> it = timeline.prefixScan(StoreNames.incidentPrefix(incidentId),
                PREFIX_SERIALIZER)) {
            it.forEachRemaining(entry -> entries.add(entry.value));
        }
        return entries;
    }

    // ---- writes ----

    /** Stores {@code incident} and brings the dedup-key and component indexes in line with it. */
    void putIncident(Incident incident) {
        String id = incident.getIncidentId();
        incidents.put(id, incident);
        // Index entries are written only when they change: every write is also a changelog record,
        // and most updates (another alert of a known problem) leave the indexes as they are.
        for (String dedupKey : incident.getDedupKeys()) {
            String holder = dedupKeys.get(dedupKey);
            if (holder == null || (!holder.equals(id) && isNewerThan(incident, incidents.get(holder)))) {
                dedupKeys.put(dedupKey, id);
            }
        }
        boolean open = isOpen(incident);
        for (String component : incident.getComponents()) {
            String key = component + "|" + id;
            boolean indexed = openByComponent.get(key) != null;
            if (open && !indexed) {
                openByComponent.put(key, id);
            } else if (!open && indexed) {
                openByComponent.delete(key);
            }
        }
    }

    void putTimeline(TimelineEntry entry) {
        timeline.put(StoreNames.timelineKey(entry), entry);
    }

    void putNotification(Notification notification) {
        notificationsSent.put(StoreNames.notificationKey(notification.getIncidentId(),
                notification.getCreatedAt().toEpochMilli(), notification.getNotificationId()), notification);
    }

    void putIncidentSequence(long last) {
        sequence.put(SEQUENCE_KEY, Long.toString(last));
    }

    /**
     * Stores {@code clock}. A clock is identified by its key (deadline, incident, clock name): the same
     * key again only updates its generation.
     */
    void setClock(PendingClock clock) {
        String key = ClockKeys.key(clock);
        String generation = Integer.toString(clock.generation());
        clocks.put(key, generation);
        incidentClocks.put(ClockKeys.indexKey(key), generation);
    }

    /** Removes {@code clock}, as {@link #clocksOf} returned it; nothing when it is not pending. */
    void cancelClock(PendingClock clock) {
        removeClock(ClockKeys.key(clock));
    }

    /** Removes the clock stored under {@code key} (it has fired, or it is cancelled). */
    void removeClock(String key) {
        clocks.delete(key);
        incidentClocks.delete(ClockKeys.indexKey(key));
    }

    /** The clock stored under {@code key}, if it is still pending. */
    Optional<PendingClock> clockAt(String key) {
        String generation = clocks.get(key);
        return generation == null ? Optional.empty() : Optional.of(ClockKeys.clock(key, Integer.parseInt(generation)));
    }

    /** Keys of the clocks due at {@code now}, in deadline order. */
    List<String> dueClockKeys(Instant now) {
        String end = ClockKeys.firstKeyAfter(now);
        List<String> due = new ArrayList<>();
        clocks.scan("", (key, generation) -> {
            if (key.compareTo(end) >= 0) {
                return false;
            }
            due.add(key);
            return true;
        });
        return due;
    }

    /** Remembers that the alert event {@code eventId} has been applied (at {@code at}). */
    void rememberEvent(String eventId, Instant at) {
        if (seenEvents.get(eventId) == null) {
            seenEvents.put(eventId, Long.toString(at.toEpochMilli()));
            seenEventsByTime.put(seenKey(at.toEpochMilli(), eventId), eventId);
        }
    }

    /**
     * Forgets at most {@code limit} event ids remembered before {@code cutoff}, oldest first, and
     * returns how many it forgot (bounded, so one punctuation never stalls the task).
     */
    int forgetEventsSeenBefore(Instant cutoff, int limit) {
        String end = ZeroPadded.epochMillis(Math.max(0, cutoff.toEpochMilli()));
        List<KeyValue<String, String>> expired = new ArrayList<>();
        seenEventsByTime.scan("", (key, eventId) -> {
            if (expired.size() >= limit || key.compareTo(end) >= 0) {
                return false;
            }
            expired.add(KeyValue.pair(key, eventId));
            return true;
        });
        for (KeyValue<String, String> entry : expired) {
            seenEventsByTime.delete(entry.key);
            seenEvents.delete(entry.value);
        }
        return expired.size();
    }

    private static String seenKey(long seenAtMillis, String eventId) {
        return ZeroPadded.epochMillis(seenAtMillis) + "|" + eventId;
    }

    private static boolean isOpen(Incident incident) {
        return incident.getStatus() != IncidentStatus.CLOSED && incident.getStatus() != IncidentStatus.DISMISSED;
    }

    private static boolean isNewerThan(Incident incident, Incident other) {
        return other == null || NEWEST.compare(incident, other) > 0;
    }
}
