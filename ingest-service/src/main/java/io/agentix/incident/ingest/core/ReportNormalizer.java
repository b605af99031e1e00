package io.agentix.incident.ingest.core;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Severity;

/**
 * Our own {@code POST /reports} body: a user report (support inbox, in-app feedback) or a manual
 * declaration by an engineer.
 *
 * <pre>{@code
 * {"title": "Inbox does not load",            required, non-blank
 *  "description": "...", "component": "inbox", "environment": "production",
 *  "tenants": ["acme"], "allTenants": false,
 *  "impact": "outage" | "degraded" | "cosmetic" | "none",
 *  "reporter": "support@example.com",
 *  "key": "INC-42",                             the caller's own identity of the problem
 *  "severity": "P1" | "P2" | "P3" | "P4",       a manual declaration
 *  "status": "open" | "triggered" | "resolved", resolved closes an earlier report with the same key
 *  "occurredAt": "2025-03-01T10:00:00Z",
 *  "links": [{"label": "Ticket", "url": "https://..."}]}
 * }</pre>
 *
 * Since we define the format, it is read strictly: a value of the wrong type is malformed, with its
 * path, rather than guessed at. Unknown fields are still ignored, so callers can send more.
 *
 * <p>Without a {@code key}, the dedup key is the component and the normalized title, so two users
 * reporting the same failure add to one problem (the escalation engine counts their tenants).
 * Classification is the escalation engine's: a severity hint is set only when one is declared.
 */
public final class ReportNormalizer implements WebhookNormalizer {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    /**
     * Every normalizer is built from the same settings. Reports use none of them yet: a reporter names
     * the environment, and a declared severity is not lowered outside production (a human chose it).
     */
    public ReportNormalizer(NormalizationSettings settings) {
        Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Source source() {
        return Source.REPORT;
    }

    @Override
    public Normalized normalize(WebhookDelivery delivery) throws MalformedWebhookException {
        JsonPayload body = JsonPayload.parse(delivery.body());
        String title = requiredString(body, "title");
        String component = optionalString(body, "component");
        String key = optionalString(body, "key");
        String reporter = optionalString(body, "reporter");
        AlertKind kind = kindOf(body);

        AlertEvent.Builder alert = Alerts.newAlert(delivery)
                .setKind(kind)
                .setDedupKey(key != null
                        ? Alerts.dedupKey(delivery, key)
                        : Alerts.dedupKey(delivery, component == null ? "-" : component.toLowerCase(Locale.ROOT),
                                normalizedTitle(title)))
                .setTitle(title)
                .setDescription(optionalString(body, "description"))
                .setComponent(component)
                .setEnvironment(optionalString(body, "environment"))
                .setTenants(tenantsOf(body))
                .setAllTenants(optionalBoolean(body, "allTenants"))
                .setImpact(impactOf(body))
                .setReporter(reporter)
                .setLinks(linksOf(body));
        Severity declared = severityOf(body);
        if (declared != null) {
            alert.setSeverityHint(declared)
                    .setSeverityHintReason(reporter != null ? "declared by " + reporter : "declared in the report");
        }
        // The receipt time unless the reporter says when it happened: Alerts.build then hashes the body
        // into the event id, so a retried POST still carries the same id.
        Alerts.setTime(alert, Alerts.eventTime(body.instant("occurredAt"), Optional.empty(), delivery));
        return Normalized.alert(kind == AlertKind.RESOLVED ? "report.resolved" : "report", Alerts.build(alert, delivery));
    }

    /**
     * Lower-case, compatibility-normalized (full-width and composed forms fold together), whitespace
     * collapsed: {@code "Inbox  does NOT load "} and {@code "inbox does not load"} are one problem.
     */
    static String normalizedTitle(String title) {
        String folded = Normalizer.normalize(title, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        String collapsed = WHITESPACE.matcher(folded).replaceAll(" ").strip();
        return Alerts.truncate(collapsed, Alerts.MAX_TITLE_LENGTH);
    }

    private static AlertKind kindOf(JsonPayload body) throws MalformedWebhookException {
        String status = optionalString(body, "status");
        if (status == null) {
            return AlertKind.TRIGGERED;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "open", "triggered" -> AlertKind.TRIGGERED;
            case "resolved" -> AlertKind.RESOLVED;
            default -> throw new MalformedWebhookException(body.at("status").path(),
                    "expected one of open, triggered, resolved, got '" + status + "'");
        };
    }

    private static Impact impactOf(JsonPayload body) throws MalformedWebhookException {
        String impact = optionalString(body, "impact");
        if (impact == null) {
            return Impact.UNKNOWN;
        }
        return switch (impact.toLowerCase(Locale.ROOT)) {
            case "outage" -> Impact.OUTAGE;
            case "degraded" -> Impact.DEGRADED;
            case "cosmetic" -> Impact.COSMETIC;
            case "none" -> Impact.NONE;
            default -> throw new MalformedWebhookException(body.at("impact").path(),
                    "expected one of outage, degraded, cosmetic, none, got '" + impact + "'");
        };
    }

    private static Severity severityOf(JsonPayload body) throws MalformedWebhookException {
        String severity = optionalString(body, "severity");
        if (severity == null) {
            return null;
        }
        return switch (severity.toUpperCase(Locale.ROOT)) {
            case "P1" -> Severity.P1;
            case "P2" -> Severity.P2;
            case "P3" -> Severity.P3;
            case "P4" -> Severity.P4;
            default -> throw new MalformedWebhookException(body.at("severity").path(),
                    "expected one of P1, P2, P3, P4, got '" + severity + "'");
        };
    }

    private static List<String> tenantsOf(JsonPayload body) throws MalformedWebhookException {
        Set<String> tenants = new LinkedHashSet<>();
        for (JsonPayload element : body.array("tenants")) {
            String tenant = stringValue(element);
            if (tenant != null) {
                tenants.add(tenant);
            }
        }
        return new ArrayList<>(tenants);
    }

    private static List<Link> linksOf(JsonPayload body) throws MalformedWebhookException {
        List<Link> links = new ArrayList<>();
        for (JsonPayload element : body.array("links")) {
            JsonPayload link = element.requireObject();
            String url = requiredString(link, "url");
            String label = optionalString(link, "label");
            links.add(new Link(label != null ? label : url, url));
        }
        return links;
    }

    private static String requiredString(JsonPayload parent, String key) throws MalformedWebhookException {
        JsonPayload child = parent.at(key);
        if (!child.isPresent()) {
            throw new MalformedWebhookException(child.path(), "missing");
        }
        String value = stringValue(child);
        if (value == null) {
            throw new MalformedWebhookException(child.path(), "must not be blank");
        }
        return value;
    }

    private static String optionalString(JsonPayload parent, String key) throws MalformedWebhookException {
        return stringValue(parent.at(key));
    }

    /** A string stripped of surrounding whitespace; null when absent, null or blank; else malformed. */
    private static String stringValue(JsonPayload value) throws MalformedWebhookException {
        if (!value.isPresent()) {
            return null;
        }
        if (!value.node().isTextual()) {
            throw new MalformedWebhookException(value.path(), "expected a string, got " + typeOf(value));
        }
        String text = value.node().textValue().strip();
        return text.isEmpty() ? null : text;
    }

    private static boolean optionalBoolean(JsonPayload parent, String key) throws MalformedWebhookException {
        JsonPayload child = parent.at(key);
        if (!child.isPresent()) {
            return false;
        }
        if (!child.node().isBoolean()) {
            throw new MalformedWebhookException(child.path(), "expected a boolean, got " + typeOf(child));
        }
        return child.node().booleanValue();
    }

    private static String typeOf(JsonPayload value) {
        return value.node().getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
