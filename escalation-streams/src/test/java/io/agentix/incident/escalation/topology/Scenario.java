package io.agentix.incident.escalation.topology;

import static io.agentix.incident.events.TestEvents.anAlert;
import static io.agentix.incident.events.TestEvents.anIncidentCommand;

import java.time.Instant;
import java.util.List;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.IncidentCommand;

/** Inputs for topology tests under the shipped policy, built from {@code TestEvents} with neutral defaults. */
final class Scenario {

    /** A Sunday morning, UTC: outside business hours, which only P4 and write-up deadlines care about. */
    static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

    private Scenario() {
    }

    /**
     * A Sentry alert naming {@code component} and {@code tenants}, without a severity hint (so the
     * decision guide alone classifies it), received at {@code at}.
     */
    static AlertEvent.Builder alert(String eventId, String dedupKey, String component, List<String> tenants,
                                    Instant at) {
        return anAlert()
                .setEventId(eventId)
                .setDedupKey(dedupKey)
                .setKind(AlertKind.TRIGGERED)
                .setTitle("Inbox does not load")
                .setComponent(component)
                .setTenants(tenants)
                .setAllTenants(false)
                .setImpact(Impact.OUTAGE)
                .setSeverityHint(null)
                .setSeverityHintReason(null)
                .setReporter(null)
                .setOccurredAt(at.minusSeconds(2))
                .setReceivedAt(at);
    }

    /** Every tenant affected on the core inbox: P1. */
    static AlertEvent p1(String eventId, Instant at) {
        return alert(eventId, "sentry:acme:outage", "inbox", List.of(), at).setAllTenants(true).build();
    }

    /** Two tenants on the core inbox: P2. */
    static AlertEvent p2(String eventId, Instant at) {
        return alert(eventId, "sentry:acme:inbox-slow", "inbox", List.of("acme", "globex"), at).build();
    }

    /** One tenant on non-core analytics: P3. */
    static AlertEvent p3(String eventId, String dedupKey, String tenant, Instant at) {
        return alert(eventId, dedupKey, "analytics", List.of(tenant), at).setTitle("Analytics chart empty").build();
    }

    /** Cosmetic only: P4. */
    static AlertEvent p4(String eventId, Instant at) {
        return alert(eventId, "sentry:acme:typo", "ui", List.of("acme"), at).setImpact(Impact.COSMETIC)
                .setTitle("Typo on the settings page").build();
    }

    static IncidentCommand.Builder command(String commandId, String incidentId, CommandAction action, String by,
                                           Instant at) {
        return anIncidentCommand()
                .setCommandId(commandId)
                .setIncidentId(incidentId)
                .setAction(action)
                .setBy(by)
                .setIssuedAt(at)
                .setMessage(null)
                .setAssignee(null)
                .setSeverity(null)
                .setReason(null)
                .setRootCause(null)
                .setImpact(null)
                .setPrevention(null);
    }
}
