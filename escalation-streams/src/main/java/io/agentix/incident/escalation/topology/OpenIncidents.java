package io.agentix.incident.escalation.topology;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.streams.processor.TaskId;

import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Severity;

/**
 * The incidents neither closed nor dismissed of every task active on this instance, with their severity
 * and status, kept by the incident processor as it stores incidents: what the engine's
 * {@code engine_incidents_open} gauges read, without scanning a store that holds every incident ever.
 *
 * <p>A task's processor fills its part from the incidents store once when it starts (after restoration,
 * so a task that moved here counts what it holds) and drops it when it closes (the task moved away).
 * Written by stream threads, read by the scraping thread; {@link #none()} keeps nothing, for runs that
 * do not report (tests, the simulator), and skips the start-up scan.
 */
public final class OpenIncidents {

    /** An open incident's severity and status. */
    record State(Severity severity, IncidentStatus status) {
    }

    private static final OpenIncidents NONE = new OpenIncidents(false);

    private final boolean tracking;
    private final Map<TaskId, Map<String, State>> byTask = new ConcurrentHashMap<>();

    private OpenIncidents(boolean tracking) {
        this.tracking = tracking;
    }

    /** Counts kept for the application's gauges. */
    public static OpenIncidents tracked() {
        return new OpenIncidents(true);
    }

    /** Nothing kept. */
    public static OpenIncidents none() {
        return NONE;
    }

    boolean isTracking() {
        return tracking;
    }

    /** Starts {@code task}'s part afresh. */
    void start(TaskId task) {
        if (tracking) {
            byTask.put(task, new ConcurrentHashMap<>());
        }
    }

    /** {@code incident} as {@code task} just stored it. */
    void stored(TaskId task, Incident incident) {
        if (!tracking) {
            return;
        }
        Map<String, State> open = byTask.get(task);
        if (open == null) {
            return;
        }
        if (incident.getStatus() == IncidentStatus.CLOSED || incident.getStatus() == IncidentStatus.DISMISSED) {
            open.remove(incident.getIncidentId());
        } else {
            open.put(incident.getIncidentId(), new State(incident.getSeverity(), incident.getStatus()));
        }
    }

    /** {@code task} closed here: its incidents are another instance's to count now. */
    void stop(TaskId task) {
        byTask.remove(task);
    }

    /** Open incidents per severity and status, every severity and open status present (0 when none). */
    public Map<Severity, Map<IncidentStatus, Integer>> counts() {
        Map<Severity, Map<IncidentStatus, Integer>> counts = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            Map<IncidentStatus, Integer> byStatus = new EnumMap<>(IncidentStatus.class);
            for (IncidentStatus status : IncidentStatus.values()) {
                if (status != IncidentStatus.CLOSED && status != IncidentStatus.DISMISSED) {
                    byStatus.put(status, 0);
                }
            }
            counts.put(severity, byStatus);
        }
        byTask.values().forEach(open -> open.values().forEach(state ->
                counts.get(state.severity()).merge(state.status(), 1, Integer::sum)));
        return counts;
    }
}
