package io.agentix.incident.escalation.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One line per record the {@code watch} command tails: time, severity, incident, what, to whom.
 * Records come in as their readable JSON ({@code AvroJson}), the same shape the operator API
 * answers with, so the notification wording is the one {@code incidents show} uses. Pure.
 */
final class WatchFormat {

    /** What the engine appends to an escalation's "why" in its summary (IncidentEngine#escalate). */
    private static final String IMPACT_SCOPE = ". Impact scope: ";
    /** A clock firing later than this is worth saying (after a restart or an outage). */
    private static final long LATE_WORTH_SAYING_MILLIS = 1000;

    private final Readable readable;
    private final Function<String, String> personName;

    /**
     * @param personName a policy person id to the name to show (the id itself when unknown)
     */
    WatchFormat(Readable readable, Function<String, String> personName) {
        this.readable = Objects.requireNonNull(readable, "readable");
        this.personName = Objects.requireNonNull(personName, "personName");
    }

    /**
     * {@code 09:45:01 P1 INC-20261129-0001 ESCALATED to cto (Dana Kim): not mitigated within 15 minutes of detection}.
     */
    String escalation(JsonNode escalation) {
        List<String> people = new ArrayList<>();
        Readable.strings(escalation, "toPeople").forEach(id -> people.add(personName.apply(id)));
        String toRole = Readable.text(escalation, "toRole", "?");
        long late = escalation.path("lateMillis").asLong(0);
        return prefix(escalation, "at") + "ESCALATED to " + toRole
                + (people.isEmpty() ? "" : " (" + Readable.names(people) + ")")
                + " [level " + escalation.path("level").asInt(0) + "]: " + why(escalation)
                + (late > LATE_WORTH_SAYING_MILLIS ? " (" + Readable.duration(java.time.Duration.ofMillis(late))
                        + " late)" : "");
    }

    /** {@code 09:30:02 P1 INC-20261129-0001 PAGE on-call (Jonas Berg): [P1 Critical] Inbox down}. */
    String notification(JsonNode notification) {
        return prefix(notification, "createdAt") + Readable.notification(notification);
    }

    /** {@code 09:32:10 P1 INC-20261129-0001 INCIDENT ACKNOWLEDGED v3, level 0, on-call jonas: Inbox down}. */
    String incident(JsonNode incident) {
        String owner = Readable.text(incident, "owner", null);
        String onCall = Readable.text(incident, "onCall", "-");
        return prefix(incident, "updatedAt") + "INCIDENT " + Readable.text(incident, "status", "?")
                + " v" + incident.path("version").asLong(0)
                + ", level " + incident.path("escalationLevel").asInt(0)
                + ", on-call " + onCall + (owner == null || owner.equals(onCall) ? "" : ", owner " + owner)
                + ", " + Readable.tenants(incident)
                + ": " + Readable.text(incident, "title", "");
    }

    private String prefix(JsonNode record, String timeField) {
        Instant at = Readable.instant(record, timeField);
        return (at == null ? "?" : readable.time(at)) + " " + Readable.text(record, "severity", "?") + " "
                + Readable.text(record, "incidentId", "?") + " ";
    }

    /**
     * Why it escalated, as the engine put it: its summary is "{@code P1 Critical, <why>. Impact scope: ...}";
     * the reason's name when the summary has another shape.
     */
    static String why(JsonNode escalation) {
        String summary = Readable.text(escalation, "summary", "");
        int end = summary.indexOf(IMPACT_SCOPE);
        int start = summary.indexOf(", ");
        if (end > 0 && start > 0 && start < end) {
            return summary.substring(start + 2, end);
        }
        return Readable.text(escalation, "reason", "?").toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}
