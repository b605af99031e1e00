package io.agentix.incident.escalation.policy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.Severity;

/**
 * What the runbook decides for one severity level (sections 1, 3, 5 and 6).
 *
 * @param severity the level this describes
 * @param name the runbook's name for it (Critical, Major, Minor, Low)
 * @param responseTime time after detection to mitigate (P1/P2) or to make progress (P3); empty means
 *     "next business day" (P4), see {@link BusinessHours#nextBusinessDayStart}
 * @param firstResponder role notified first (on-call, assigned-engineer)
 * @param alsoNotify roles notified at once besides the first responder (P1: everyone)
 * @param firstChannel channel of the first notification (PAGE for P1/P2, EMAIL for P3/P4)
 * @param escalateTo role escalated to when the trigger fires; empty when the level never escalates
 * @param escalationTrigger what makes it escalate
 * @param communication customer communication timing; empty when none is required (P3/P4)
 * @param postmortem post-mortem rule
 */
public record SeverityPolicy(
        Severity severity,
        String name,
        Optional<Duration> responseTime,
        String firstResponder,
        List<String> alsoNotify,
        Channel firstChannel,
        Optional<String> escalateTo,
        EscalationTrigger escalationTrigger,
        Optional<CommunicationPolicy> communication,
        PostmortemPolicy postmortem) {

    public SeverityPolicy {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(responseTime, "responseTime");
        Objects.requireNonNull(firstResponder, "firstResponder");
        alsoNotify = List.copyOf(alsoNotify);
        Objects.requireNonNull(firstChannel, "firstChannel");
        Objects.requireNonNull(escalateTo, "escalateTo");
        Objects.requireNonNull(escalationTrigger, "escalationTrigger");
        Objects.requireNonNull(communication, "communication");
        Objects.requireNonNull(postmortem, "postmortem");
    }

    /** True when the response is due the next business day rather than after a fixed time. */
    public boolean respondsNextBusinessDay() {
        return responseTime.isEmpty();
    }

    /** True when this level escalates at all (P4 does not). */
    public boolean escalates() {
        return escalationTrigger != EscalationTrigger.NONE;
    }
}
