package io.agentix.incident.escalation.topology;

import java.util.List;

import io.agentix.incident.escalation.core.ZeroPadded;
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
     * {@code KeyValueStore<String, String>}: the engine's indexes (pending clocks in deadline order and per
     * incident, dedup keys, open incidents per component, event ids already applied and their ages, the
     * incident sequence), each under a namespace of {@link IndexKeys}. One store, not seven: each store
     * written in a transaction adds a changelog partition to its commit.
     */
    public static final String INDEX = "engine-index-store";

    /**
     * Global {@code KeyValueStore<String, DeploymentEvent>}, key {@code %013d deployedAtMillis + "|" +
     * eventId}: recent deploys to a main branch, in deploy order, from the {@code deployments} topic
     * (its own changelog).
     */
    public static final String MAIN_DEPLOYS = "main-deploys-store";

    /** Every store of the topology: what {@code TopologyNamingTest} expects {@code describe()} to show. */
    public static final List<String> ALL = List.of(INCIDENTS, TIMELINE, NOTIFICATIONS_SENT, INDEX, MAIN_DEPLOYS);

    private StoreNames() {
    }

    /** Key of a timeline entry in {@link #TIMELINE}: zero-padded so that key order is sequence order. */
    public static String timelineKey(String incidentId, long sequence) {
        return incidentId + "/" + ZeroPadded.of(sequence, 10);
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
        return key + "/" + ZeroPadded.epochMillis(entry.getAt().toEpochMilli()) + "/" + entry.getRefId();
    }

    /**
     * Key of a notification in {@link #NOTIFICATIONS_SENT}: by creation time, then id, so that key
     * order is emission order within one incident.
     */
    public static String notificationKey(String incidentId, long createdAtMillis, String notificationId) {
        return incidentId + "/" + ZeroPadded.epochMillis(createdAtMillis) + "/" + notificationId;
    }

    /**
     * The prefix of one incident's keys in {@link #TIMELINE} and {@link #NOTIFICATIONS_SENT}, for
     * {@code store.prefixScan(incidentPrefix(id), new StringSerializer())}.
     */
    public static String incidentPrefix(String incidentId) {
        return incidentId + "/";
    }
}
