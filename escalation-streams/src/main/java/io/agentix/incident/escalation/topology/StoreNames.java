package io.agentix.incident.escalation.topology;

import java.util.List;

import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;

/**
 * Names of the escalation topology's state stores. Each name is also part of its changelog topic,
 * {@code <application.id>-<store>-changelog}, so renaming a store orphans its state: these are a
 * contract with every running deployment (and with the operator API and the simulator, which read
 * some of them).
 */
public final class StoreNames {

    /** {@code KeyValueStore<String incidentId, Incident>}: current state of each incident. */
    public static final String INCIDENTS = "incidents-store";

    /**
     * {@code KeyValueStore<String, TimelineEntry>}, key {@link #timelineKey(TimelineEntry)}: every timeline
     * entry of every incident, so one incident's history is the key range {@code incidentId + "/"}.
     */
    public static final String TIMELINE = "incident-timeline-store";

    /**
     * {@code KeyValueStore<String, Notification>}, key {@link #notificationKey}: every notification
     * emitted, in emission order per incident (the operator API's "notifications sent").
     */
    public static final String NOTIFICATIONS_SENT = "notifications-sent-store";

    /**
     * {@code KeyValueStore<String, Integer generation>}, key {@link ClockKeys#key}: every pending
     * clock, iterated in deadline order.
     */
    public static final String CLOCKS = "clocks-store";

    /**
     * {@code KeyValueStore<String, Integer generation>}, key {@code incidentId + "|" + clockKey}: the
     * pending clocks of one incident (a prefix scan), so no lookup scans every clock.
     */
    public static final String INCIDENT_CLOCKS = "incident-clocks-store";

    /** {@code KeyValueStore<String dedupKey, String incidentId>}: the latest incident holding each dedup key. */
    public static final String DEDUP_KEYS = "dedup-key-index-store";

    /**
     * {@code KeyValueStore<String, String incidentId>}, key {@code component + "|" + incidentId}: the
     * incidents of each component that are neither closed nor dismissed.
     */
    public static final String OPEN_INCIDENTS_BY_COMPONENT = "open-incidents-by-component-store";

    /**
     * {@code KeyValueStore<String eventId, Long seenAtMillis>}: alert event ids and command dedup ids
     * ({@code command:<commandId>}) already applied, so a retry changes nothing; forgotten after 7 days.
     */
    public static final String SEEN_EVENTS = "seen-events-store";

    /**
     * {@code KeyValueStore<String, String eventId>}, key {@code %013d seenAtMillis + "|" + eventId}:
     * {@link #SEEN_EVENTS} in age order, so expired ids are found without a full scan.
     */
    public static final String SEEN_EVENTS_BY_TIME = "seen-events-by-time-store";

    /** {@code KeyValueStore<String, Long>}, one key {@code "last"}: the last incident sequence number. */
    public static final String INCIDENT_SEQUENCE = "incident-sequence-store";

    /**
     * Global {@code KeyValueStore<String, DeploymentEvent>}, key {@code %013d deployedAtMillis + "|" +
     * eventId}: recent deploys to a main branch, in deploy order, from the {@code deployments} topic
     * (its own changelog).
     */
    public static final String MAIN_DEPLOYS = "main-deploys-store";

    /** Every store of the topology: what {@code TopologyNamingTest} expects {@code describe()} to show. */
    public static final List<String> ALL = List.of(INCIDENTS, TIMELINE, NOTIFICATIONS_SENT, CLOCKS, INCIDENT_CLOCKS,
            DEDUP_KEYS, OPEN_INCIDENTS_BY_COMPONENT, SEEN_EVENTS, SEEN_EVENTS_BY_TIME, INCIDENT_SEQUENCE, MAIN_DEPLOYS);

    private StoreNames() {
    }

    /** Key of a timeline entry in {@link #TIMELINE}: zero-padded so that key order is sequence order. */
    public static String timelineKey(String incidentId, long sequence) {
        return incidentId + "/" + String.format("%010d", sequence);
    }

    /**
     * Key of {@code entry} in {@link #TIMELINE}. An entry that changed the incident has the key of its
     * sequence. A COMMAND_REJECTED entry changed nothing and carries the version it was checked against
     * (0 for an unknown incident), which it may share with a change and with other rejections: its key adds
     * its time and command id, so none overwrites another and each sorts after the change it followed.
     */
    public static String timelineKey(TimelineEntry entry) {
        String key = timelineKey(entry.getIncidentId(), entry.getSequence());
        if (entry.getType() != TimelineType.COMMAND_REJECTED) {
            return key;
        }
        return key + "/" + String.format("%013d", entry.getAt().toEpochMilli()) + "/" + entry.getRefId();
    }

    /**
     * Key of a notification in {@link #NOTIFICATIONS_SENT}: by creation time, then id, so that key
     * order is emission order within one incident.
     */
    public static String notificationKey(String incidentId, long createdAtMillis, String notificationId) {
        return incidentId + "/" + String.format("%013d", createdAtMillis) + "/" + notificationId;
    }

    /**
     * The prefix of one incident's keys in {@link #TIMELINE} and {@link #NOTIFICATIONS_SENT}, for
     * {@code store.prefixScan(incidentPrefix(id), new StringSerializer())}.
     */
    public static String incidentPrefix(String incidentId) {
        return incidentId + "/";
    }
}
