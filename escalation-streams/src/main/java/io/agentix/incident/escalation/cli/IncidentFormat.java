package io.agentix.incident.escalation.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The operator API's answers as text for a terminal: the incident list as a table and one incident
 * with its facts, timeline and notifications. Pure: JSON in, lines out, times from the given clock.
 */
final class IncidentFormat {

    private static final List<String> HEADER = List.of("ID", "SEV", "STATUS", "AGE", "RESPONSE", "LVL", "ON-CALL",
            "TENANTS", "TITLE");

    private final Readable readable;

    IncidentFormat(Readable readable) {
        this.readable = Objects.requireNonNull(readable, "readable");
    }

    /**
     * The summaries of {@code GET /incidents} as a table, one incident a line, columns padded to the
     * widest cell; the title comes last and is never cut.
     */
    String table(JsonNode summaries) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (JsonNode summary : summaries) {
            String status = Readable.text(summary, "status", "?");
            Instant detectedAt = Readable.instant(summary, "detectedAt");
            rows.add(List.of(
                    Readable.text(summary, "id", "?"),
                    Readable.text(summary, "severity", "?"),
                    status,
                    detectedAt == null ? "-" : readable.age(detectedAt),
                    readable.timeLeft(Readable.instant(summary, "responseDueAt"), status),
                    Integer.toString(summary.path("escalationLevel").asInt(0)),
                    onCall(summary),
                    Readable.tenants(summary),
                    Readable.text(summary, "title", "")));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                boolean last = i == row.size() - 1;
                line.append(last ? row.get(i) : pad(row.get(i), widths[i])).append(last ? "" : "  ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** One incident ({@code GET /incidents/{id}}): its facts, then its timeline and the notifications sent, oldest first. */
    String show(JsonNode incident) {
        StringBuilder out = new StringBuilder();
        String status = Readable.text(incident, "status", "?");
        out.append(Readable.text(incident, "incidentId", "?")).append("  ")
                .append(Readable.text(incident, "severity", "?")).append(' ').append(status).append("  ")
                .append(Readable.text(incident, "title", "")).append('\n');
        List<String[]> facts = new ArrayList<>();
        Instant detectedAt = Readable.instant(incident, "detectedAt");
        if (detectedAt != null) {
            facts.add(fact("detected", readable.dateTime(detectedAt) + " (" + readable.age(detectedAt) + " ago)"));
        }
        Instant dueAt = Readable.instant(incident, "responseDueAt");
        facts.add(fact("response", dueAt == null || !Readable.ACTIVE.contains(status) ? "-"
                : readable.timeLeft(dueAt, status) + " (due " + readable.dateTime(dueAt) + ")"));
        List<String> escalatedTo = Readable.strings(incident, "escalatedTo");
        facts.add(fact("escalation", "level " + incident.path("escalationLevel").asInt(0)
                + (escalatedTo.isEmpty() ? "" : ": " + String.join(" -> ", escalatedTo))));
        facts.add(fact("on-call", Readable.text(incident, "onCall", "-")));
        facts.add(fact("owner", Readable.text(incident, "owner", "-")));
        addWhen(facts, incident, "acknowledged", "acknowledgedAt", Readable.text(incident, "acknowledgedBy", null));
        addWhen(facts, incident, "mitigated", "mitigatedAt", null);
        addWhen(facts, incident, "resolved", "resolvedAt", null);
        addWhen(facts, incident, "closed", "closedAt", null);
        addWhen(facts, incident, "dismissed", "dismissedAt", null);
        List<String> tenantsNamed = Readable.strings(incident, "tenants");
        facts.add(fact("tenants", incident.path("allTenants").asBoolean(false)
                ? "all tenants" + (tenantsNamed.isEmpty() ? "" : " (named: " + String.join(", ", tenantsNamed) + ")")
                : tenantsNamed.isEmpty() ? "-" : String.join(", ", tenantsNamed)));
        facts.add(fact("components", orDash(String.join(", ", Readable.strings(incident, "components")))));
        facts.add(fact("why " + Readable.text(incident, "severity", "?"),
                orDash(String.join("; ", Readable.strings(incident, "severityReasons")))));
        facts.add(fact("alerts", incident.path("alertCount").asInt(0) + " from "
                + orDash(String.join(", ", Readable.strings(incident, "sources")))));
        optional(facts, incident, "latest update", "latestUpdate");
        optional(facts, incident, "blocked", "blockedReason");
        optional(facts, incident, "root cause", "rootCause");
        optional(facts, incident, "impact", "impactSummary");
        optional(facts, incident, "prevention", "prevention");
        Instant noticeAt = Readable.instant(incident, "initialNoticeSentAt");
        if (noticeAt != null) {
            facts.add(fact("customers told", readable.dateTime(noticeAt)));
        }
        JsonNode postmortem = incident.get("postmortem");
        if (postmortem != null && !postmortem.isNull()) {
            facts.add(fact("post-mortem", Readable.text(postmortem, "draftPath", "?") + ", meeting due "
                    + readable.dateTime(Readable.instant(postmortem, "meetingDueAt")) + ", write-up due "
                    + readable.dateTime(Readable.instant(postmortem, "writeupDueAt"))
                    + (postmortem.path("done").asBoolean(false) ? " (done)" : "")));
        }
        for (JsonNode deploy : iterable(incident.get("recentDeploys"))) {
            facts.add(fact("recent deploy", Readable.text(deploy, "service", "?") + " "
                    + Readable.text(deploy, "commitSha", "") + " by " + Readable.text(deploy, "author", "?") + " at "
                    + readable.dateTime(Readable.instant(deploy, "deployedAt"))
                    + (Readable.text(deploy, "rollbackRunbook", null) == null ? ""
                            : " (rollback: " + deploy.get("rollbackRunbook").asText() + ")")));
        }
        for (JsonNode link : iterable(incident.get("links"))) {
            facts.add(fact("link", Readable.text(link, "label", "?") + ": " + Readable.text(link, "url", "?")));
        }
        int width = facts.stream().mapToInt(fact -> fact[0].length()).max().orElse(0);
        for (String[] fact : facts) {
            out.append("  ").append(pad(fact[0], width)).append("  ").append(fact[1]).append('\n');
        }

        List<JsonNode> timeline = list(incident.get("timeline"));
        out.append('\n').append("Timeline (").append(timeline.size()).append("):\n");
        int typeWidth = timeline.stream().mapToInt(entry -> Readable.text(entry, "type", "?").length()).max().orElse(0);
        int timeWidth = timeline.stream().mapToInt(entry -> time(entry, "at").length()).max().orElse(0);
        for (JsonNode entry : timeline) {
            out.append("  ").append(pad(time(entry, "at"), timeWidth)).append("  ")
                    .append(pad(Readable.text(entry, "type", "?"), typeWidth)).append("  ")
                    .append(Readable.text(entry, "summary", "")).append('\n');
        }

        List<JsonNode> notifications = list(incident.get("notifications"));
        out.append('\n').append("Notifications sent (").append(notifications.size()).append("):\n");
        int kindWidth = notifications.stream().mapToInt(n -> Readable.text(n, "kind", "?").length()).max().orElse(0);
        int sentWidth = notifications.stream().mapToInt(n -> time(n, "createdAt").length()).max().orElse(0);
        for (JsonNode notification : notifications) {
            out.append("  ").append(pad(time(notification, "createdAt"), sentWidth)).append("  ")
                    .append(pad(Readable.text(notification, "kind", "?"), kindWidth)).append("  ")
                    .append(Readable.notification(notification)).append('\n');
        }
        return out.toString();
    }

    private String time(JsonNode record, String field) {
        Instant at = Readable.instant(record, field);
        return at == null ? "?" : readable.time(at);
    }

    private static String onCall(JsonNode summary) {
        String onCall = Readable.text(summary, "onCall", "-");
        String owner = Readable.text(summary, "owner", null);
        return owner == null || owner.equals(onCall) ? onCall : onCall + " (owner " + owner + ")";
    }

    private void addWhen(List<String[]> facts, JsonNode incident, String label, String field, String by) {
        Instant at = Readable.instant(incident, field);
        if (at != null) {
            facts.add(fact(label, readable.dateTime(at) + (by == null ? "" : " by " + by)));
        }
    }

    private static void optional(List<String[]> facts, JsonNode incident, String label, String field) {
        String value = Readable.text(incident, field, null);
        if (value != null) {
            facts.add(fact(label, value));
        }
    }

    private static String[] fact(String label, String value) {
        return new String[] {label, value};
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "-" : text;
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> nodes = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(nodes::add);
        }
        return nodes;
    }

    private static Iterable<JsonNode> iterable(JsonNode array) {
        return list(array);
    }
}
