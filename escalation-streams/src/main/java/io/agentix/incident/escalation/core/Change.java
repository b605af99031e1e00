package io.agentix.incident.escalation.core;

import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The outputs of one decision about one incident while they are collected: the working copy of the
 * incident and, in order, what happened to it. Every timeline entry takes the next incident version as
 * its sequence, so the stored incident's version is always the sequence of its last timeline entry.
 */
final class Change {

    final Instant now;
    final Incident.Builder incident;
    private long version;
    private final List<TimelineEntry> timeline = new ArrayList<>();
    private final List<Escalation> escalations = new ArrayList<>();
    private final List<Notification> notifications = new ArrayList<>();
    private final List<String> seenEventIds = new ArrayList<>();
    private OptionalLong incidentSequence = OptionalLong.empty();
    private List<TimelineEntry> stored;

    Change(Incident.Builder incident, Instant now) {
        this.incident = Objects.requireNonNull(incident, "incident");
        this.now = Objects.requireNonNull(now, "now");
        this.version = incident.getVersion();
    }

    String incidentId() {
        return incident.getIncidentId();
    }

    /** The sequence the next timeline entry gets. */
    long nextSequence() {
        return version + 1;
    }

    /**
     * The incident as it is now: a snapshot of the working copy's fields, not a deep copy. It shares their
     * values (lists, nested records) with the working copy, which is safe because the engine changes the
     * working copy only through its setters, with new values, never by changing a list or record in place.
     * (A deep copy here cost a new incident about 4% of the stream thread: it is asked for several times
     * per decision.)
     */
    Incident current() {
        return incident.setVersion(version).build();
    }

    /** Appends a timeline entry; returns it for details. */
    TimelineEntry.Builder entry(TimelineType type, String actor, String summary) {
        version++;
        return TimelineEntry.newBuilder()
                .setIncidentId(incidentId())
                .setSequence(version)
                .setAt(now)
                .setType(type)
                .setActor(actor)
                .setSummary(summary)
                .setSeverity(incident.getSeverity())
                .setDetails(new LinkedHashMap<>());
    }

    /** Records the entry (built after {@link #entry} returned it and details were added). */
    void add(TimelineEntry.Builder entry) {
        timeline.add(entry.build());
    }

    /** A status change with its entry. */
    void status(IncidentStatus to, TimelineType type, String actor, String summary, Map<String, String> details) {
        IncidentStatus from = incident.getStatus();
        incident.setStatus(to);
        TimelineEntry.Builder entry = entry(type, actor, summary).setFromStatus(from).setToStatus(to);
        entry.getDetails().putAll(details);
        add(entry);
    }

    void escalation(Escalation escalation) {
        escalations.add(escalation);
    }

    void notification(Notification notification) {
        notifications.add(notification);
    }

    void seen(String eventId) {
        seenEventIds.add(eventId);
    }

    void opened(long sequence) {
        incidentSequence = OptionalLong.of(sequence);
    }

    List<TimelineEntry> timeline() {
        return List.copyOf(timeline);
    }

    /**
     * The incident's whole timeline so far: as stored before this decision (read from {@code state} once,
     * when first asked for) and then this decision's entries.
     */
    List<TimelineEntry> history(EngineState state) {
        if (stored == null) {
            stored = List.copyOf(state.timelineOf(incidentId()));
        }
        List<TimelineEntry> all = new ArrayList<>(stored);
        all.addAll(timeline);
        return all;
    }

    /** The incident as it is now, built once to be stored: its version is the last entry's sequence. */
    Incident build() {
        incident.setVersion(version);
        return incident.build();
    }

    /** The decision about the built incident, with the clock differences computed by the caller. */
    Decision decision(Incident built, List<PendingClock> toSet, List<PendingClock> toCancel) {
        return new Decision(java.util.Optional.of(built), timeline, escalations, notifications, toSet, toCancel,
                seenEventIds, incidentSequence);
    }
}
