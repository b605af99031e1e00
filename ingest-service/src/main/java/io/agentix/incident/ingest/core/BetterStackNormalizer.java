package io.agentix.incident.ingest.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Severity;

/**
 * BetterStack Uptime outgoing webhooks (webhooks.md §1).
 *
 * <p><b>Incident webhooks</b> ({@code data.type = "incident"}): {@code event} {@code started} and
 * {@code reopened} trigger, {@code acknowledged} acknowledges, {@code resolved} resolves, all under
 * {@code betterstack:<account>:incident:<data.id>}. Any other event ({@code comment}, triggers added
 * later) is ignored. The event time is {@code started_at}, {@code acknowledged_at} or
 * {@code resolved_at}; a reopen carries only the original {@code started_at}, so it takes the
 * receipt time (see {@link #eventTime}).
 *
 * <p><b>Monitor webhooks</b> ({@code data.type = "monitor"}: created, updated, paused, unpaused,
 * deleted) are configuration changes, not up/down signals (BetterStack reports "down" through the
 * incident webhook). They are ignored and stay in {@code webhooks.raw}; pause and unpause are
 * maintenance hints a later consumer may use.
 *
 * <p><b>Severity heuristic.</b> BetterStack sends no severity. An incident means a check from
 * BetterStack's own regions failed, i.e. what every user would see, so every hint sets
 * {@code allTenants}. The free-text {@code cause} (vocabulary undocumented) then decides:
 * <ul>
 *   <li>degraded, slow response, latency, response time, keyword (not) found: the service answers
 *       but wrongly or slowly: impact DEGRADED, hint P2;</li>
 *   <li>status/error codes, timeouts, connection/DNS/SSL failures, a missed heartbeat (or any
 *       heartbeat incident): the service is unreachable: impact OUTAGE, hint P1;</li>
 *   <li>anything else: impact UNKNOWN, hint P1, because a failing uptime check is most likely an
 *       outage and the runbook goes one level up when in doubt.</li>
 * </ul>
 * The degraded words are checked first, so "Keyword not found (status 200)" is DEGRADED. The cause
 * is kept in the description and the hint reason quotes it. Acknowledge and resolve carry the same
 * hint: they describe the same incident. When the metadata names a non-production environment
 * ({@link NormalizationSettings#isProduction}), the hint is one level lower and not all tenants.
 *
 * <p>The service is the monitor's (or heartbeat's) name; its id is kept in the labels
 * {@code monitorId} / {@code heartbeatId}. Environment, component and tenants are set only when the
 * incident's {@code metadata} names them ({@code env}/{@code environment}, {@code component},
 * {@code tenant}/{@code tenants}).
 */
public final class BetterStackNormalizer implements WebhookNormalizer {

    /** Cut the failing response body (often an HTML page) so the description keeps room for the facts. */
    static final int MAX_RESPONSE_EXCERPT = 1000;

    private static final List<String> DEGRADED_WORDS =
            List.of("degraded", "slow", "latency", "response time", "keyword");
    private static final List<String> DOWN_WORDS = List.of("status", "error", "timeout", "timed out",
            "connection", "refused", "unreachable", "dns", "ssl", "tls", "certificate", "heartbeat", "down");

    private final NormalizationSettings settings;

    public BetterStackNormalizer(NormalizationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Source source() {
        return Source.BETTERSTACK;
    }

    @Override
    public Normalized normalize(WebhookDelivery delivery) throws MalformedWebhookException {
        JsonPayload body = JsonPayload.parse(delivery.body());
        String event = body.requireText("event").strip().toLowerCase(Locale.ROOT);
        String dataType = body.text("data", "type");
        String type = dataType == null ? "incident" : dataType.toLowerCase(Locale.ROOT);
        String eventType = type + "." + event;

        if (type.equals("monitor")) {
            return ignoredMonitorEvent(eventType, event);
        }
        if (!type.equals("incident")) {
            return Normalized.ignored(eventType, "not an incident or monitor webhook (data.type '" + dataType + "')");
        }
        AlertKind kind = kindOf(event);
        if (kind == null) {
            return Normalized.ignored(eventType, "incident event '" + event + "' is not a trigger, acknowledge or resolve");
        }
        return Normalized.alert(eventType, alert(delivery, body, event, kind));
    }

    private static Normalized ignoredMonitorEvent(String eventType, String event) {
        if (event.equals("paused") || event.equals("unpaused")) {
            return Normalized.ignored(eventType, "monitor " + event
                    + ": a maintenance hint, not an up/down signal (kept in webhooks.raw)");
        }
        return Normalized.ignored(eventType, "monitor " + event
                + ": a configuration change, not an up/down signal (kept in webhooks.raw)");
    }

    private static AlertKind kindOf(String event) {
        return switch (event) {
            case "started", "reopened" -> AlertKind.TRIGGERED;
            case "acknowledged" -> AlertKind.ACKNOWLEDGED;
            case "resolved" -> AlertKind.RESOLVED;
            default -> null;
        };
    }

    private AlertEvent alert(WebhookDelivery delivery, JsonPayload body, String event, AlertKind kind)
            throws MalformedWebhookException {
        JsonPayload data = body.at("data");
        String incidentId = data.requireText("id");
        String name = data.requireText("attributes", "name");
        JsonPayload attributes = data.at("attributes");
        String cause = attributes.text("cause");
        String url = attributes.text("url");
        String monitorId = data.text("relationships", "monitor", "data", "id");
        String heartbeatId = data.text("relationships", "heartbeat", "data", "id");

        AlertEvent.Builder alert = Alerts.newAlert(delivery)
                .setKind(kind)
                .setDedupKey(Alerts.dedupKey(delivery, "incident", incidentId))
                .setTitle(Alerts.title(name, cause))
                .setDescription(description(attributes, cause, url))
                .setService(name)
                .setEnvironment(metadata(attributes, "env", "environment"))
                .setComponent(metadata(attributes, "component"));
        Alerts.setTime(alert, eventTime(delivery, attributes, event));
        setTenants(alert, attributes);
        setHint(alert, cause, heartbeatId != null);
        downgradeOutsideProduction(alert);

        List<Link> links = new ArrayList<>();
        if (url != null) {
            links.add(new Link("Checked URL", url));
        }
        String screenshot = attributes.text("screenshot_url");
        if (screenshot != null) {
            links.add(new Link("BetterStack screenshot", screenshot));
        }
        alert.setLinks(links);

        Map<String, String> labels = new TreeMap<>();
        labels.put("incidentId", incidentId);
        labels.put("monitorId", monitorId);
        labels.put("heartbeatId", heartbeatId);
        labels.put("url", url);
        labels.put("httpMethod", attributes.text("http_method"));
        labels.put("team", attributes.text("team_name"));
        labels.put("regions", String.join(",", attributes.textArray("regions")));
        labels.put("cause", cause);
        alert.setLabels(Alerts.nonBlank(labels));
        return Alerts.build(alert, delivery);
    }

    /**
     * The time of the step the event reports. A reopen has no time of its own: its
     * {@code started_at} is the original start, and reusing it would give the reopen the same
     * event id as the original {@code started} delivery (same key, kind and time), so the engine
     * would drop it as a duplicate. The receipt time makes the id hash the body instead, which a
     * sender's retry still reproduces.
     */
    private static Alerts.EventTime eventTime(WebhookDelivery delivery, JsonPayload attributes, String event)
            throws MalformedWebhookException {
        Optional<Instant> payloadTime = switch (event) {
            case "started" -> attributes.instant("started_at");
            case "acknowledged" -> attributes.instant("acknowledged_at");
            case "resolved" -> attributes.instant("resolved_at");
            default -> Optional.empty();
        };
        return Alerts.eventTime(payloadTime, Optional.empty(), delivery);
    }

    private static String description(JsonPayload attributes, String cause, String url) {
        List<String> lines = new ArrayList<>();
        if (cause != null) {
            lines.add("Cause: " + cause);
        }
        if (url != null) {
            String method = attributes.text("http_method");
            lines.add("Checked: " + (method == null ? "" : method.toUpperCase(Locale.ROOT) + " ") + url);
        }
        String responseUrl = attributes.text("response_url");
        if (responseUrl != null) {
            lines.add("Response URL: " + responseUrl);
        }
        String response = attributes.text("response_content");
        if (response != null) {
            lines.add("Response: " + Alerts.truncate(response.strip(), MAX_RESPONSE_EXCERPT));
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static void setHint(AlertEvent.Builder alert, String cause, boolean heartbeat) {
        String lower = cause == null ? "" : cause.toLowerCase(Locale.ROOT);
        String quoted = cause == null ? "no cause given" : "cause '" + cause + "'";
        alert.setAllTenants(true);
        if (containsAny(lower, DEGRADED_WORDS)) {
            alert.setImpact(Impact.DEGRADED)
                    .setSeverityHint(Severity.P2)
                    .setSeverityHintReason("betterstack uptime check degraded (" + quoted
                            + "): the service answers but slowly or wrongly, for every user");
        } else if (heartbeat || containsAny(lower, DOWN_WORDS)) {
            alert.setImpact(Impact.OUTAGE)
                    .setSeverityHint(Severity.P1)
                    .setSeverityHintReason("betterstack uptime check down (" + quoted
                            + "): the service is unreachable for every user");
        } else {
            alert.setImpact(Impact.UNKNOWN)
                    .setSeverityHint(Severity.P1)
                    .setSeverityHintReason("betterstack uptime check failing (" + quoted
                            + ", not recognised): assumed down for every user, one level up when in doubt");
        }
    }

    /**
     * A monitor whose metadata names a non-production environment (staging, a preview) watches
     * something customers do not use: one level lower, and not every tenant.
     */
    private void downgradeOutsideProduction(AlertEvent.Builder alert) {
        String environment = alert.getEnvironment();
        if (settings.isProduction(environment)) {
            return;
        }
        Severity lower = Severity.values()[Math.min(alert.getSeverityHint().ordinal() + 1, Severity.values().length - 1)];
        alert.setAllTenants(false)
                .setSeverityHint(lower)
                .setSeverityHintReason(alert.getSeverityHintReason() + "; lowered to " + lower
                        + " because environment '" + environment + "' is not production");
    }

    private static boolean containsAny(String text, List<String> words) {
        for (String word : words) {
            if (text.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private void setTenants(AlertEvent.Builder alert, JsonPayload attributes) throws MalformedWebhookException {
        List<String> tenants = new ArrayList<>();
        for (String key : List.of("tenant", "tenants")) {
            for (String value : metadataValues(attributes, key)) {
                for (String tenant : value.split(",")) {
                    if (!tenant.isBlank() && !tenants.contains(tenant.strip())) {
                        tenants.add(tenant.strip());
                    }
                }
            }
        }
        alert.setTenants(tenants);
    }

    /** The first value of the first present metadata key, or null. */
    private static String metadata(JsonPayload attributes, String... keys) throws MalformedWebhookException {
        for (String key : keys) {
            List<String> values = metadataValues(attributes, key);
            if (!values.isEmpty()) {
                return values.get(0);
            }
        }
        return null;
    }

    /**
     * Values of {@code metadata.<key>}. BetterStack's metadata shape in webhooks is undocumented,
     * so a plain value, an array of values, and an array of {@code {"value": ...}} objects (the
     * Incidents API shape) are all read.
     */
    private static List<String> metadataValues(JsonPayload attributes, String key) throws MalformedWebhookException {
        JsonPayload entry = attributes.at("metadata", key);
        if (!entry.isPresent()) {
            return List.of();
        }
        if (!entry.node().isArray()) {
            String value = attributes.text("metadata", key);
            return value == null ? List.of() : List.of(value);
        }
        List<String> values = new ArrayList<>();
        for (JsonPayload element : attributes.array("metadata", key)) {
            String value = element.node().isObject() ? element.text("value") : element.text();
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }
}
