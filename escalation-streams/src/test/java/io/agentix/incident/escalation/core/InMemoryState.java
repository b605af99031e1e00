package io.agentix.incident.escalation.core;

import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.TimelineEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The engine's state in maps, applying decisions the way the processor does (indexes from the stored
 * incidents, clocks by deadline): enough to drive the pure engine through whole incidents in unit tests.
 */
final class InMemoryState implements EngineState {

    private final Map<String, Incident> incidents = new HashMap<>();
    private final Map<String, String> byDedupKey = new HashMap<>();
    private final Map<String, String> openByComponent = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final List<DeploymentEvent> deploys = new ArrayList<>();
    private final Map<String, List<TimelineEntry>> timelines = new HashMap<>();
    private final TreeMap<String, PendingClock> clocks = new TreeMap<>();
    private long sequence;
    int timelineReads;
    int clockReads;

    void deploy(DeploymentEvent deploy) {
        deploys.add(deploy);
    }

    void apply(Decision decision) {
        decision.clocksToCancel().forEach(clock -> {
            if (clocks.remove(key(clock)) == null) {
                throw new AssertionError("cancelled a clock that is not stored: " + clock);
            }
        });
        decision.clocksToSet().forEach(clock -> clocks.put(key(clock), clock));
        seen.addAll(decision.seenEventIds());
        decision.incidentSequence().ifPresent(s -> sequence = s);
        decision.incident().ifPresent(incident -> {
            incidents.put(incident.getIncidentId(), incident);
            incident.getDedupKeys().forEach(k -> byDedupKey.put(k, incident.getIncidentId()));
            boolean open = incident.getStatus() != IncidentStatus.CLOSED && incident.getStatus() != IncidentStatus.DISMISSED;
            for (String component : incident.getComponents()) {
                if (open) {
                    openByComponent.put(component, incident.getIncidentId());
                } else {
                    openByComponent.remove(component, incident.getIncidentId());
                }
            }
        });
        for (TimelineEntry entry : decision.timeline()) {
            timelines.computeIfAbsent(entry.getIncidentId(), id -> new ArrayList<>()).add(entry);
        }
    }

    /** The stored clocks due at or before {@code now}, in deadline order. */
    List<PendingClock> dueClocks(Instant now) {
        return clocks.values().stream().filter(c -> !c.deadline().isAfter(now)).toList();
    }

    void removeClock(PendingClock clock) {
        clocks.remove(key(clock));
    }

    List<PendingClock> allClocks() {
        return List.copyOf(clocks.values());
    }

    private static String key(PendingClock clock) {
        return String.format("%013d|%s|%s", clock.deadline().toEpochMilli(), clock.incidentId(), clock.type().clockName());
    }

    @Override
    public Optional<Incident> incident(String incidentId) {
        return Optional.ofNullable(incidents.get(incidentId));
    }

    @Override
    public Optional<String> incidentForDedupKey(String dedupKey) {
        return Optional.ofNullable(byDedupKey.get(dedupKey));
    }

    @Override
    public Optional<String> openIncidentForComponent(String component) {
        return Optional.ofNullable(openByComponent.get(component));
    }

    @Override
    public boolean seenEvent(String eventId) {
        return seen.contains(eventId);
    }

    @Override
    public Optional<DeploymentEvent> lastMainDeploy(Instant atOrBefore) {
        return deploys.stream().filter(d -> d.getMainBranch() && !d.getDeployedAt().isAfter(atOrBefore))
                .max(Comparator.comparing(DeploymentEvent::getDeployedAt));
    }

    @Override
    public List<DeploymentEvent> mainDeploysBetween(Instant from, Instant to) {
        return deploys.stream().filter(d -> d.getMainBranch() && !d.getDeployedAt().isBefore(from)
                        && !d.getDeployedAt().isAfter(to))
                .sorted(Comparator.comparing(DeploymentEvent::getDeployedAt)).toList();
    }

    @Override
    public long lastIncidentSequence() {
        return sequence;
    }

    @Override
    public List<PendingClock> clocksOf(String incidentId) {
        clockReads++;
        return clocks.values().stream().filter(c -> c.incidentId().equals(incidentId)).toList();
    }

    @Override
    public List<TimelineEntry> timelineOf(String incidentId) {
        timelineReads++;
        return List.copyOf(timelines.getOrDefault(incidentId, List.of()));
    }
}
