package io.agentix.incident.escalation.topology;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.agentix.incident.escalation.core.Decision;
import io.agentix.incident.escalation.core.IncidentEngine;
import io.agentix.incident.escalation.core.PendingClock;
import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.topics.TopicSpecs;

/**
 * The engine's one stateful step: reads alerts and commands, asks the pure {@link IncidentEngine}
 * what they mean given the stored state, applies its {@link Decision} to the stores and forwards
 * its outputs; a wall-clock punctuation fires the stored clocks that are due.
 *
 * <p>Everything one input (or one fired clock) changes, stores and outputs alike, is written in
 * the same task and so committed in one exactly-once transaction: a crash replays the input
 * against the state as it was before it, never half of it.
 */
final class IncidentProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /** How long alert event ids are remembered: a sender retries within hours, not weeks. */
    static final Duration SEEN_EVENT_RETENTION = Duration.ofDays(7);
    /** Most event ids one punctuation forgets; the rest wait for the next one. */
    static final int FORGET_BATCH = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(IncidentProcessor.class);
    /** The MDC key of the incident a log line is about, the same in every service. */
    static final String INCIDENT_ID = "incidentId";

    private final IncidentEngine engine;
    private final Duration clockCheckInterval;
    private final OpenIncidents openIncidents;
    private ProcessorContext<String, SpecificRecord> context;
    private IncidentStores stores;

    private IncidentProcessor(IncidentEngine engine, Duration clockCheckInterval, OpenIncidents openIncidents) {
        this.engine = engine;
        this.clockCheckInterval = clockCheckInterval;
        this.openIncidents = openIncidents;
    }

    /** The supplier: one processor (and engine) per task, and the stores it declares. */
    static ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> supplier(EscalationTopologyConfig config) {
        return new Supplier(config.topics(), config.policy(), config.clockCheckInterval(), config.storeType(),
                config.openIncidents());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.stores = IncidentStores.of(context);
        context.schedule(clockCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::fireDueClocks);
        countOpenIncidents();
    }

    @Override
    public void close() {
        if (context != null) {
            openIncidents.stop(context.taskId());
        }
    }

    /** The open-incident count of this task, from its store as restored (once, when the task starts here). */
    private void countOpenIncidents() {
        openIncidents.start(context.taskId());
        if (openIncidents.isTracking()) {
            KeyValueStore<String, Incident> incidents = context.getStateStore(StoreNames.INCIDENTS);
            try (KeyValueIterator<String, Incident> all = incidents.all()) {
                all.forEachRemaining(entry -> openIncidents.stored(context.taskId(), entry.value));
            }
        }
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        try {
            processRecord(record);
        } finally {
            // The stream thread goes on to other incidents: none of them may log under this one's id.
            MDC.remove(INCIDENT_ID);
        }
    }

    private void processRecord(Record<String, SpecificRecord> record) {
        Instant now = Instant.ofEpochMilli(record.timestamp());
        SpecificRecord value = record.value();
        if (value instanceof AlertEvent alert) {
            apply(engine.onAlert(alert, now, stores), now);
        } else if (value instanceof IncidentCommand command) {
            MDC.put(INCIDENT_ID, command.getIncidentId());
            apply(engine.onCommand(command, now, stores), now);
        } else if (value == null) {
            // A tombstone means nothing on an event topic; it is somebody's mistake, not ours to stop on.
            LOG.warn("Skipping a record without value (key {}) at {}", record.key(), where());
        } else {
            throw new IllegalStateException("unexpected " + value.getClass().getName() + " at " + where());
        }
    }

    /**
     * Fires every clock due at {@code wallClockMillis} in deadline order. A clock is read again just
     * before it fires, because an earlier one's decision may have cancelled or replaced it; one set
     * by a decision here and already due fires at the next punctuation.
     */
    private void fireDueClocks(long wallClockMillis) {
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        for (String key : stores.dueClockKeys(now)) {
            Optional<PendingClock> clock = stores.clockAt(key);
            if (clock.isPresent()) {
                try (MDC.MDCCloseable incident = MDC.putCloseable(INCIDENT_ID, clock.get().incidentId())) {
                    Decision decision = engine.onClock(clock.get(), now, stores);
                    stores.removeClock(key);
                    apply(decision, now);
                }
            }
        }
        forgetExpiredEventIds(now);
    }

    private void forgetExpiredEventIds(Instant now) {
        int forgotten = stores.forgetEventsSeenBefore(now.minus(SEEN_EVENT_RETENTION), FORGET_BATCH);
        if (forgotten > 0) {
            LOG.debug("Forgot {} alert event ids seen before {}", forgotten, now.minus(SEEN_EVENT_RETENTION));
        }
    }

    /** Stores what {@code decision} changes and forwards its outputs, stamped {@code now}. */
    private void apply(Decision decision, Instant now) {
        decision.incident().ifPresent(incident -> MDC.put(INCIDENT_ID, incident.getIncidentId()));
        decision.timeline().forEach(IncidentProcessor::log);
        decision.clocksToCancel().forEach(stores::cancelClock);
        decision.clocksToSet().forEach(stores::setClock);
        decision.seenEventIds().forEach(eventId -> stores.rememberEvent(eventId, now));
        decision.incidentSequence().ifPresent(stores::putIncidentSequence);
        decision.incident().ifPresent(incident -> {
            stores.putIncident(incident);
            openIncidents.stored(context.taskId(), incident);
            forward(EscalationTopology.INCIDENTS_SINK, incident.getIncidentId(), incident, now);
        });
        for (TimelineEntry entry : decision.timeline()) {
            stores.putTimeline(entry);
            forward(EscalationTopology.TIMELINE_SINK, entry.getIncidentId(), entry, now);
        }
        for (Escalation escalation : decision.escalations()) {
            forward(EscalationTopology.ESCALATIONS_SINK, escalation.getIncidentId(), escalation, now);
        }
        for (Notification notification : decision.notifications()) {
            stores.putNotification(notification);
            forward(EscalationTopology.NOTIFICATIONS_SINK, notification.getIncidentId(), notification, now);
        }
    }

    /**
     * One log line per timeline entry, with the incident id in the MDC: what the incident went through,
     * INFO for its turns (opened, status, severity, escalated, closed), DEBUG for the many alerts and
     * notices in between, which the topics record anyway.
     */
    private static void log(TimelineEntry entry) {
        switch (entry.getType()) {
            case OPENED, STATUS_CHANGED, SEVERITY_CHANGED, ESCALATED, REOPENED, CLOSED, COMMAND_REJECTED ->
                    LOG.info("{} {}: {}", entry.getIncidentId(), entry.getType(), entry.getSummary());
            default -> LOG.debug("{} {}: {}", entry.getIncidentId(), entry.getType(), entry.getSummary());
        }
    }

    private void forward(String sink, String incidentId, SpecificRecord value, Instant now) {
        context.forward(new Record<>(incidentId, value, now.toEpochMilli()), sink);
    }

    private String where() {
        return context.recordMetadata()
                .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
                .orElse("(no record context)");
    }

    private static final class Supplier implements ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> {

        private final TopicSpecs topics;
        private final Policy policy;
        private final Duration clockCheckInterval;
        private final StoreType storeType;
        private final OpenIncidents openIncidents;

        Supplier(TopicSpecs topics, Policy policy, Duration clockCheckInterval, StoreType storeType,
                 OpenIncidents openIncidents) {
            this.topics = Objects.requireNonNull(topics, "topics");
            this.policy = Objects.requireNonNull(policy, "policy");
            this.clockCheckInterval = Objects.requireNonNull(clockCheckInterval, "clockCheckInterval");
            this.storeType = Objects.requireNonNull(storeType, "storeType");
            this.openIncidents = Objects.requireNonNull(openIncidents, "openIncidents");
        }

        @Override
        public Processor<String, SpecificRecord, String, SpecificRecord> get() {
            return new IncidentProcessor(new IncidentEngine(policy), clockCheckInterval, openIncidents);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return IncidentStores.builders(topics, storeType);
        }
    }
}
