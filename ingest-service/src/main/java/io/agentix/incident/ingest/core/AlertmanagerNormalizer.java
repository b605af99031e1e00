package io.agentix.incident.ingest.core;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Severity;

/**
 * Prometheus Alertmanager {@code webhook_config} deliveries (payload version "4"): one group
 * notification carrying {@code alerts[]}, each {@code firing} or {@code resolved}. Every alert becomes
 * its own {@link AlertEvent}, keyed by Alertmanager's fingerprint, so a group that mixes firing and
 * resolved alerts opens and closes the right problems.
 *
 * <p>What the labels say:
 * <ul>
 *   <li>{@code severity}: critical/page → P1, error/high/major → P2, warning/minor → P3,
 *       info/low/none → P4, anything else no hint; lowered one level in a named non-production
 *       environment ({@link NormalizationSettings#isProduction});</li>
 *   <li>{@code component}: the policy component; {@code tenant}/{@code tenants}: affected tenants,
 *       comma-separated; {@code tenant="*"} or {@code scope="all"}: every tenant;</li>
 *   <li>{@code env}/{@code environment}: environment; {@code service}, else {@code job}: service.</li>
 * </ul>
 */
public final class AlertmanagerNormalizer implements WebhookNormalizer {

    /** The payload version this mapping was written for. */
    public static final String PAYLOAD_VERSION = "4";

    /**
     * Go's zero {@code time.Time}: Alertmanager sends it as {@code endsAt} when the end is unset
     * (every firing alert from Prometheus, and some resolved ones). It is "no time", not year 1.
     */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final NormalizationSettings settings;

    public AlertmanagerNormalizer(NormalizationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Source source() {
        return Source.ALERTMANAGER;
    }

    @Override
    public Normalized normalize(WebhookDelivery delivery) throws MalformedWebhookException {
        JsonPayload body = JsonPayload.parse(delivery.body());
        // Versions other than "4" are parsed all the same when the shape fits: Alertmanager has sent
        // "4" since 0.8, and a future version is likelier to add fields than to move these.
        String groupStatus = body.text("status");
        String eventType = groupStatus == null ? "alerts" : groupStatus.toLowerCase(Locale.ROOT);
        if (!body.has("alerts")) {
            throw new MalformedWebhookException(body.at("alerts").path(), "missing");
        }
        List<JsonPayload> alerts = body.array("alerts");
        if (alerts.isEmpty()) {
            return Normalized.ignored(eventType, "no alerts");
        }
        String externalUrl = body.text("externalURL");
        List<AlertEvent> events = new ArrayList<>(alerts.size());
        for (JsonPayload alert : alerts) {
            events.add(toAlertEvent(alert, externalUrl, delivery));
        }
        return Normalized.of(eventType, events, List.of());
    }

    private AlertEvent toAlertEvent(JsonPayload alert, String externalUrl, WebhookDelivery delivery)
            throws MalformedWebhookException {
        AlertKind kind = kindOf(alert);
        Map<String, String> labels = Alerts.nonBlank(alert.requireObject("labels").textMap());
        Map<String, String> annotations = Alerts.nonBlank(alert.textMap("annotations"));

        AlertEvent.Builder event = Alerts.newAlert(delivery)
                .setKind(kind)
                .setDedupKey(dedupKey(alert, labels, delivery))
                .setTitle(titleOf(annotations, labels))
                .setDescription(annotations.get("description"))
                .setLabels(new TreeMap<>(labels))
                .setComponent(labels.get("component"))
                .setEnvironment(firstOf(labels, "env", "environment"))
                .setService(firstOf(labels, "service", "job"))
                .setLinks(linksOf(alert, annotations, externalUrl));
        setTenants(event, labels);
        setSeverityHint(event, labels);

        // A firing alert happened when it started; a resolved one when it ended.
        Optional<Instant> time = kind == AlertKind.RESOLVED ? goTime(alert, "endsAt") : goTime(alert, "startsAt");
        Alerts.setTime(event, Alerts.eventTime(time, Optional.empty(), delivery));
        return Alerts.build(event, delivery);
    }

    private static AlertKind kindOf(JsonPayload alert) throws MalformedWebhookException {
        String status = alert.requireText("status");
        return switch (status.trim().toLowerCase(Locale.ROOT)) {
            case "firing" -> AlertKind.TRIGGERED;
            case "resolved" -> AlertKind.RESOLVED;
            default -> throw new MalformedWebhookException(alert.at("status").path(),
                    "expected firing or resolved, got '" + status + "'");
        };
    }

    private static String dedupKey(JsonPayload alert, Map<String, String> labels, WebhookDelivery delivery) {
        String fingerprint = alert.text("fingerprint");
        if (fingerprint != null) {
            return Alerts.dedupKey(delivery, fingerprint.trim());
        }
        // Older Alertmanagers (before 0.19) and some relays omit the fingerprint. Alertmanager's own
        // fingerprint is a hash of the sorted label set, so hashing the sorted labels identifies the
        // same alert across its firing and resolved notifications just as well. The "labels" part
        // keeps these keys apart from real fingerprints.
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(labels).forEach((name, value) -> canonical
                .append(name.length()).append(':').append(name).append('=')
                .append(value.length()).append(':').append(value).append(';'));
        String hash = EventIds.sha256Hex(canonical.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return Alerts.dedupKey(delivery, "labels", hash);
    }

    private static String titleOf(Map<String, String> annotations, Map<String, String> labels) {
        String summary = annotations.get("summary");
        if (summary != null) {
            return summary.strip();
        }
        String where = labels.containsKey("instance") ? labels.get("instance") : labels.get("job");
        String title = Alerts.title(labels.get("alertname"), where);
        if (!title.isEmpty()) {
            return title;
        }
        return labels.isEmpty() ? "Alertmanager alert" : "Alertmanager alert " + labels;
    }

    private static List<Link> linksOf(JsonPayload alert, Map<String, String> annotations, String externalUrl) {
        List<Link> links = new ArrayList<>();
        addLink(links, "Runbook", annotations.get("runbook_url"));
        addLink(links, "Prometheus graph", alert.text("generatorURL"));
        addLink(links, "Alertmanager", externalUrl);
        return links;
    }

    private static void addLink(List<Link> links, String label, String url) {
        if (url != null) {
            links.add(new Link(label, url.trim()));
        }
    }

    private static void setTenants(AlertEvent.Builder event, Map<String, String> labels) {
        Set<String> tenants = new LinkedHashSet<>();
        boolean all = "all".equalsIgnoreCase(trimmed(labels.get("scope")));
        for (String label : List.of("tenant", "tenants")) {
            String value = labels.get(label);
            if (value == null) {
                continue;
            }
            for (String tenant : value.split(",")) {
                String name = tenant.trim();
                if (name.equals("*")) {
                    all = true;
                } else if (!name.isEmpty()) {
                    tenants.add(name);
                }
            }
        }
        event.setTenants(new ArrayList<>(tenants)).setAllTenants(all);
    }

    private void setSeverityHint(AlertEvent.Builder event, Map<String, String> labels) {
        String label = labels.get("severity");
        if (label == null) {
            return;
        }
        Severity severity = switch (label.trim().toLowerCase(Locale.ROOT)) {
            case "critical", "page" -> Severity.P1;
            case "error", "high", "major" -> Severity.P2;
            case "warning", "minor" -> Severity.P3;
            case "info", "low", "none" -> Severity.P4;
            default -> null;
        };
        if (severity == null) {
            return;
        }
        String reason = "alertmanager label severity=" + label.trim();
        String environment = event.getEnvironment();
        if (!settings.isProduction(environment) && severity != Severity.P4) {
            severity = Severity.values()[severity.ordinal() + 1];
            reason = reason + "; lowered to " + severity + " because environment '" + environment
                    + "' is not production";
        }
        event.setSeverityHint(severity).setSeverityHintReason(reason);
    }

    /** A Go timestamp, where the zero time means absent. */
    private static Optional<Instant> goTime(JsonPayload alert, String key) throws MalformedWebhookException {
        return alert.instant(key).filter(t -> t.isAfter(GO_ZERO_TIME));
    }

    private static String firstOf(Map<String, String> labels, String... names) {
        for (String name : names) {
            String value = trimmed(labels.get(name));
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
