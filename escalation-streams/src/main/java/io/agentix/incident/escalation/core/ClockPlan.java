package io.agentix.incident.escalation.core;

import io.agentix.incident.escalation.policy.CommunicationPolicy;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.PostmortemState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which clocks an incident needs, as a function of its state: every decision compares this with the
 * stored clocks and cancels or sets the difference, so a clock exists exactly while its obligation does
 * (no clock is forgotten when a command, an alert or a severity change moves the incident on).
 *
 * <p>Cadence clocks run on a fixed grid (status updates every {@code updateEvery} after the initial
 * notice, tracking reminders every {@code updateEvery} after detection); after a late firing the next
 * one is the next grid point still ahead, so an outage does not make the engine send a burst of
 * catch-up updates.
 */
final class ClockPlan {

    private final PolicyView policy;

    ClockPlan(PolicyView policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** True when the clock's obligation still stands: it fires; a stale clock is ignored. */
    boolean stillDue(PendingClock clock, Incident incident) {
        Instant deadline = clock.deadline();
        IncidentStatus status = incident.getStatus();
        Optional<CommunicationPolicy> comms = policy.communicationOf(incident);
        return switch (clock.type()) {
            case RESPONSE_WINDOW -> responseWindowRuns(incident)
                    && deadline.equals(incident.getResponseDueAt())
                    && clock.generation() == incident.getEscalationLevel();
            case INITIAL_NOTICE -> initialNoticeOwed(incident)
                    && deadline.equals(incident.getDetectedAt().plus(comms.orElseThrow().initialNoticeWithin()));
            case STATUS_UPDATE -> statusUpdatesRun(incident)
                    && deadline.equals(statusUpdateAt(incident, comms.orElseThrow(), clock.generation()));
            case UPDATE_REMINDER -> statusUpdatesRun(incident)
                    && deadline.equals(statusUpdateAt(incident, comms.orElseThrow(), clock.generation())
                            .minus(comms.orElseThrow().reminderBefore()));
            case TRACKING_REMINDER -> comms.isPresent() && PolicyView.active(status)
                    && deadline.equals(trackingAt(incident, comms.orElseThrow(), clock.generation()));
            case VERIFICATION -> status == IncidentStatus.RESOLVED && incident.getResolvedAt() != null
                    && deadline.equals(incident.getResolvedAt().plus(policy.policy().verificationWindow()));
            case POSTMORTEM_WRITEUP -> writeupOpen(incident) && clock.generation() >= 1
                    && deadline.equals(postmortemReminderAt(incident, clock.generation()));
        };
    }

    /**
     * The clocks the incident needs at {@code now}. {@code existing} are its stored clocks (without one
     * that is firing right now): a still-due one is kept as it is rather than recomputed.
     */
    List<PendingClock> desired(Incident incident, List<PendingClock> existing, Instant now) {
        String id = incident.getIncidentId();
        List<PendingClock> clocks = new ArrayList<>();
        if (responseWindowRuns(incident)) {
            clocks.add(new PendingClock(id, ClockType.RESPONSE_WINDOW, incident.getResponseDueAt(),
                    incident.getEscalationLevel()));
        }
        Optional<CommunicationPolicy> comms = policy.communicationOf(incident);
        if (initialNoticeOwed(incident)) {
            clocks.add(new PendingClock(id, ClockType.INITIAL_NOTICE,
                    incident.getDetectedAt().plus(comms.orElseThrow().initialNoticeWithin()), 1));
        }
        if (statusUpdatesRun(incident)) {
            CommunicationPolicy c = comms.orElseThrow();
            PendingClock update = kept(ClockType.STATUS_UPDATE, incident, existing).orElseGet(() -> {
                int n = nextGeneration(incident.getInitialNoticeSentAt(), c.updateEvery(), now);
                return new PendingClock(id, ClockType.STATUS_UPDATE, statusUpdateAt(incident, c, n), n);
            });
            clocks.add(update);
            Optional<PendingClock> reminder = kept(ClockType.UPDATE_REMINDER, incident, existing)
                    .filter(r -> r.generation() == update.generation());
            if (reminder.isPresent()) {
                clocks.add(reminder.get());
            } else {
                Instant at = update.deadline().minus(c.reminderBefore());
                if (at.isAfter(now)) {
                    clocks.add(new PendingClock(id, ClockType.UPDATE_REMINDER, at, update.generation()));
                }
            }
        }
        if (comms.isPresent() && PolicyView.active(incident.getStatus())) {
            CommunicationPolicy c = comms.get();
            clocks.add(kept(ClockType.TRACKING_REMINDER, incident, existing).orElseGet(() -> {
                int n = nextGeneration(incident.getDetectedAt(), c.updateEvery(), now);
                return new PendingClock(id, ClockType.TRACKING_REMINDER, trackingAt(incident, c, n), n);
            }));
        }
        if (incident.getStatus() == IncidentStatus.RESOLVED && incident.getResolvedAt() != null) {
            clocks.add(new PendingClock(id, ClockType.VERIFICATION,
                    incident.getResolvedAt().plus(policy.policy().verificationWindow()), 1));
        }
        if (writeupOpen(incident)) {
            clocks.add(kept(ClockType.POSTMORTEM_WRITEUP, incident, existing).orElseGet(() -> {
                // The next reminder still ahead: after a late firing (or a resolve after the deadline) the
                // missed ones are not caught up, the owner hears once a business day.
                int n = 1;
                Instant at = incident.getPostmortem().getWriteupDueAt();
                while (!at.isAfter(now)) {
                    n++;
                    at = policy.policy().businessHours().nextBusinessDayStart(at);
                }
                return new PendingClock(id, ClockType.POSTMORTEM_WRITEUP, at, n);
            }));
        }
        return clocks;
    }

    /**
     * The n-th post-mortem reminder: the first at the write-up deadline, then one at the start of each
     * business day after it (policy business hours and time zone), until the write-up is marked done.
     */
    Instant postmortemReminderAt(Incident incident, int n) {
        Instant at = incident.getPostmortem().getWriteupDueAt();
        for (int i = 1; i < n; i++) {
            at = policy.policy().businessHours().nextBusinessDayStart(at);
        }
        return at;
    }

    /** Everything of an incident its clocks depend on: when these are equal, so are its clocks. */
    record Inputs(IncidentStatus status, io.agentix.incident.events.Severity severity, Instant responseDueAt,
                  int escalationLevel, List<String> escalatedTo, Instant initialNoticeSentAt, Instant resolvedAt,
                  Instant detectedAt, PostmortemState postmortem) {
    }

    static Inputs inputsOf(Incident incident) {
        return new Inputs(incident.getStatus(), incident.getSeverity(), incident.getResponseDueAt(),
                incident.getEscalationLevel(), List.copyOf(incident.getEscalatedTo()), incident.getInitialNoticeSentAt(),
                incident.getResolvedAt(), incident.getDetectedAt(), incident.getPostmortem());
    }

    /** The deadline of the n-th status update. */
    static Instant statusUpdateAt(Incident incident, CommunicationPolicy comms, int n) {
        return incident.getInitialNoticeSentAt().plus(comms.updateEvery().multipliedBy(n));
    }

    /** The deadline of the n-th tracking reminder. */
    static Instant trackingAt(Incident incident, CommunicationPolicy comms, int n) {
        return incident.getDetectedAt().plus(comms.updateEvery().multipliedBy(n));
    }

    /** The first n >= 1 whose grid point {@code base + n * every} lies after {@code now}. */
    static int nextGeneration(Instant base, Duration every, Instant now) {
        if (!now.isAfter(base)) {
            return 1;
        }
        long elapsed = Duration.between(base, now).toMillis();
        return Math.toIntExact(elapsed / every.toMillis() + 1);
    }

    boolean responseWindowRuns(Incident incident) {
        return PolicyView.awaitingMitigation(incident.getStatus()) && incident.getResponseDueAt() != null
                && policy.pendingEscalation(incident).isPresent();
    }

    private boolean initialNoticeOwed(Incident incident) {
        return policy.communicationOf(incident).isPresent() && PolicyView.active(incident.getStatus())
                && incident.getInitialNoticeSentAt() == null;
    }

    private boolean statusUpdatesRun(Incident incident) {
        return policy.communicationOf(incident).isPresent() && PolicyView.active(incident.getStatus())
                && incident.getInitialNoticeSentAt() != null;
    }

    private static boolean writeupOpen(Incident incident) {
        PostmortemState postmortem = incident.getPostmortem();
        return postmortem != null && !postmortem.getDone();
    }

    private Optional<PendingClock> kept(ClockType type, Incident incident, List<PendingClock> existing) {
        return existing.stream()
                .filter(c -> c.type() == type && c.incidentId().equals(incident.getIncidentId()) && stillDue(c, incident))
                .min(java.util.Comparator.comparing(PendingClock::deadline));
    }
}
