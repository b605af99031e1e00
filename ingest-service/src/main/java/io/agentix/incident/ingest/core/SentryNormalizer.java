package io.agentix.incident.ingest.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Severity;

/**
 * Sentry's integration-platform webhooks and the legacy "WebHooks" plugin body.
 *
 * <ul>
 *   <li>Routing is by the {@code Sentry-Hook-Resource} header only: {@code event_alert} and
 *       {@code error} bodies look alike. Without Sentry headers, a body with {@code triggering_rules}
 *       is the legacy plugin's.</li>
 *   <li>{@code issue}, {@code event_alert}, {@code error} and the legacy body share the key
 *       {@code sentry:<account>:issue:<issue id>}, so an issue alert, the issue's lifecycle and its
 *       error events merge into one alert; metric alerts use {@code sentry:<account>:metric_alert:<id>}.
 *       The account is the delivery's (resolved from {@code installation.uuid} by the HTTP layer), else
 *       the body's {@code installation.uuid}.</li>
 *   <li>{@code installation}, {@code comment}, {@code seer}, {@code size_analysis} and resources we do
 *       not know are ignored: answered 2xx and kept raw, so Sentry does not retry or unsubscribe us.</li>
 * </ul>
 */
public final class SentryNormalizer implements WebhookNormalizer {

    static final String RESOURCE_HEADER = "Sentry-Hook-Resource";
    static final String TIMESTAMP_HEADER = "Sentry-Hook-Timestamp";

    /** Resources Sentry documents that carry no alert. */
    private static final Set<String> NON_ALERT_RESOURCES = Set.of("installation", "comment", "seer", "size_analysis");

    /**
     * Event tags worth carrying on the alert; the whole event stays in webhooks.raw. Bounded, because
     * SDKs add dozens of tags (browser, os, user ip) that nobody routes on.
     */
    private static final List<String> KEPT_TAGS = List.of(
            "environment", "release", "level", "component", "tenant", "tenants", "server_name", "url", "transaction");
    private static final int MAX_LABEL_VALUE = 200;

    /** The project slug in an event's API URL: {@code .../api/0/projects/<org>/<project>/events/<id>/}. */
    private static final Pattern PROJECT_IN_EVENT_URL = Pattern.compile("/projects/[^/]+/([^/]+)/events/");

    /** {@code Sentry-Hook-Timestamp}: Unix seconds, as {@code str(int(time()))} writes them. */
    private static final Pattern EPOCH_SECONDS = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");

    /**
     * Parts of an event no mapping reads, which make up most of a large event's bytes: they are
     * skipped when parsing (and kept all the same in webhooks.raw). No field read below has any of
     * these names, at any depth.
     */
    static final Set<String> UNREAD_FIELDS = Set.of("breadcrumbs", "request", "sdk", "contexts", "user",
            "grouping_config", "hashes", "vars", "pre_context", "post_context", "context_line", "_meta",
            "debug_meta", "modules", "extra", "spans", "threads", "entries", "fingerprint");

    /**
     * Arrays of which only the last element is read: of an exception's stack frames (oldest first),
     * only the one where it was raised. The others are checked to be valid JSON but not built.
     */
    static final Set<String> LAST_ELEMENT_ONLY = Set.of("frames");

    private static final JsonPayload.Parser PARSER = JsonPayload.parser(UNREAD_FIELDS, LAST_ELEMENT_ONLY);

    private final NormalizationSettings settings;

    public SentryNormalizer(NormalizationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Source source() {
        return Source.SENTRY;
    }

    @Override
    public Normalized normalize(WebhookDelivery delivery) throws MalformedWebhookException {
        Objects.requireNonNull(delivery, "delivery");
        JsonPayload body = PARSER.parse(delivery.body());
        String resource = delivery.header(RESOURCE_HEADER);
        if (resource == null || resource.isBlank()) {
            if (body.has("triggering_rules")) {
                return legacyPlugin(body, delivery);
            }
            throw new MalformedWebhookException("$.triggering_rules",
                    "missing; without a " + RESOURCE_HEADER + " header only the legacy WebHooks plugin body is accepted");
        }
        resource = resource.trim().toLowerCase(Locale.ROOT);
        String action = body.text("action");
        String eventType = action == null ? resource : resource + "." + action;
        if (NON_ALERT_RESOURCES.contains(resource)) {
            return Normalized.ignored(eventType, "Sentry " + resource + " webhooks carry no alert");
        }
        WebhookDelivery scoped = scopedToInstallation(delivery, body);
        return switch (resource) {
            case "issue" -> issue(body, body.requireText("action"), scoped);
            case "event_alert" -> event(body, body.requireText("action"), "triggered", "event", scoped);
            case "error" -> event(body, body.requireText("action"), "created", "error", scoped);
            case "metric_alert" -> metricAlert(body, body.requireText("action"), scoped);
            default -> Normalized.ignored(eventType, "unknown Sentry resource '" + resource + "'");
        };
    }

    // ---- issue ---------------------------------------------------------------------------------

    private Normalized issue(JsonPayload body, String action, WebhookDelivery delivery) throws MalformedWebhookException {
        String eventType = "issue." + action;
        AlertKind kind;
        boolean muted = false;
        switch (action) {
            case "created", "unresolved" -> kind = AlertKind.TRIGGERED;
            case "resolved" -> kind = AlertKind.RESOLVED;
            case "assigned" -> kind = AlertKind.ACKNOWLEDGED;
            // The docs say archived, the code says ignored: both mean someone muted the issue.
            case "ignored", "archived" -> {
                kind = AlertKind.ACKNOWLEDGED;
                muted = true;
            }
            default -> {
                return Normalized.ignored(eventType, "Sentry issue action '" + action + "' is no lifecycle step");
            }
        }
        JsonPayload issue = body.requireObject("data", "issue");
        String issueId = issue.requireText("id");
        String level = issue.text("level");
        String slug = issue.text("project", "slug");

        AlertEvent.Builder alert = Alerts.newAlert(delivery)
                .setKind(kind)
                .setDedupKey(Alerts.dedupKey(delivery, "issue", issueId))
                .setTitle(firstNonBlank(issue.text("title"), metadataTitle(issue), issue.text("shortId"), "Sentry issue " + issueId))
                .setDescription(issueDescription(body, issue, action, muted))
                .setService(slug)
                .setProject(slug);
        severity(alert, level, null);

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("sentry.resource", "issue");
        labels.put("sentry.action", action);
        labels.put("sentry.issueId", issueId);
        labels.put("sentry.shortId", issue.text("shortId"));
        labels.put("sentry.status", issue.text("status"));
        labels.put("sentry.substatus", issue.text("substatus"));
        labels.put("level", level);
        if (muted) {
            labels.put("sentry.muted", "true");
        }
        alert.setLabels(Alerts.nonBlank(labels));

        List<Link> links = new ArrayList<>();
        addLink(links, "Sentry issue", issue.text("web_url"));
        addLink(links, "Sentry issue", issue.text("permalink"));
        addLink(links, "Sentry issue (API)", issue.text("url"));
        alert.setLinks(links);

        Alerts.setTime(alert, Alerts.eventTime(issueTime(body, issue, action), headerTime(delivery), delivery));
        return Normalized.alert(eventType, Alerts.build(alert, delivery));
    }

    /**
     * The payload time only where the payload dates the event: a new issue's first event, a
     * regression's latest one. Resolve, assign and mute are people's actions that Sentry does not
     * date in the body; nor is a manual unresolve by a user, so those take the header time.
     */
    private static Optional<Instant> issueTime(JsonPayload body, JsonPayload issue, String action)
            throws MalformedWebhookException {
        if ("created".equals(action)) {
            return firstTime(issue, "firstSeen", "lastSeen");
        }
        if ("unresolved".equals(action) && !"user".equals(body.text("actor", "type"))) {
            return issue.instant("lastSeen");
        }
        return Optional.empty();
    }

    private static String issueDescription(JsonPayload body, JsonPayload issue, String action, boolean muted) {
        List<String> lines = new ArrayList<>();
        String culprit = issue.text("culprit");
        if (culprit != null) {
            lines.add("In " + culprit);
        }
        String actor = body.text("actor", "name");
        String by = actor == null ? "" : " by " + actor;
        switch (action) {
            case "resolved" -> {
                String release = issue.text("statusDetails", "inRelease");
                lines.add("Resolved in Sentry" + by + (release == null ? "" : " (in release " + release + ")"));
            }
            case "assigned" -> {
                String assignee = firstNonBlank(issue.text("assignedTo", "name"), issue.text("assignedTo", "email"));
                lines.add("Assigned in Sentry" + (assignee == null ? "" : " to " + assignee) + by);
            }
            case "unresolved" -> {
                String substatus = issue.text("substatus");
                lines.add("Unresolved in Sentry" + by + (substatus == null ? "" : " (" + substatus + ")"));
            }
            default -> {
                if (muted) {
                    String substatus = issue.text("substatus");
                    lines.add("Muted in Sentry (" + action + ")" + by + (substatus == null ? "" : ": " + substatus));
                }
            }
        }
        String count = issue.text("count");
        String users = issue.text("userCount");
        if (count != null || users != null) {
            lines.add((count == null ? "?" : count) + " events, " + (users == null ? "?" : users) + " users");
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    // ---- event_alert, error --------------------------------------------------------------------

    private Normalized event(JsonPayload body, String action, String expectedAction, String key,
                             WebhookDelivery delivery) throws MalformedWebhookException {
        String resource = "event".equals(key) ? "event_alert" : "error";
        String eventType = resource + "." + action;
        if (!expectedAction.equals(action)) {
            return Normalized.ignored(eventType, "Sentry " + resource + " action '" + action + "' is not '" + expectedAction + "'");
        }
        JsonPayload event = body.requireObject("data", key);
        String issueId = event.requireText("issue_id");
        Map<String, String> tags = tags(event);
        String environment = firstNonBlank(event.text("environment"), tags.get("environment"));
        String level = firstNonBlank(event.text("level"), tags.get("level"));
        String slug = projectSlug(event);

        AlertEvent.Builder alert = Alerts.newAlert(delivery)
                .setKind(AlertKind.TRIGGERED)
                .setDedupKey(Alerts.dedupKey(delivery, "issue", issueId))
                .setTitle(firstNonBlank(event.text("title"), metadataTitle(event), event.text("message"),
                        "Sentry issue " + issueId))
                .setDescription(eventDescription(event, body.text("data", "triggered_rule")))
                .setService(slug)
                .setProject(firstNonBlank(slug, event.text("project")))
                .setEnvironment(environment);
        severity(alert, level, environment);
        setComponentAndTenants(alert, tags);

        Map<String, String> labels = new LinkedHashMap<>(keptTags(tags));
        labels.putIfAbsent("environment", environment);
        labels.putIfAbsent("level", level);
        labels.putIfAbsent("release", event.text("release"));
        labels.put("sentry.resource", resource);
        labels.put("sentry.issueId", issueId);
        labels.put("sentry.eventId", event.text("event_id"));
        labels.put("sentry.triggeredRule", body.text("data", "triggered_rule"));
        alert.setLabels(Alerts.nonBlank(labels));

        List<Link> links = new ArrayList<>();
        addLink(links, "Sentry event", event.text("web_url"));
        addLink(links, "Sentry issue (API)", event.text("issue_url"));
        alert.setLinks(links);

        Alerts.setTime(alert, Alerts.eventTime(eventTime(event), headerTime(delivery), delivery));
        return Normalized.alert(eventType, Alerts.build(alert, delivery));
    }

    private static String eventDescription(JsonPayload event, String triggeredRule) throws MalformedWebhookException {
        List<String> lines = new ArrayList<>();
        String culprit = event.text("culprit");
        if (culprit != null) {
            lines.add("In " + culprit);
        }
        List<JsonPayload> exceptions = event.array("exception", "values");
        if (!exceptions.isEmpty()) {
            // The last exception is the one raised; its last frame is where (frames are oldest first).
            JsonPayload raised = exceptions.get(exceptions.size() - 1);
            String message = exceptionText(raised.text("type"), raised.text("value"));
            if (message != null) {
                lines.add(message);
            }
            List<JsonPayload> frames = raised.array("stacktrace", "frames");
            if (!frames.isEmpty()) {
                lines.add("at " + frame(frames.get(frames.size() - 1)));
            }
        }
        if (triggeredRule != null) {
            lines.add("Alert rule: " + triggeredRule);
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static String frame(JsonPayload frame) {
        String function = firstNonBlank(frame.text("function"), "?");
        String file = firstNonBlank(frame.text("filename"), frame.text("abs_path"), frame.text("module"), "?");
        String line = frame.text("lineno");
        return function + " (" + file + (line == null ? "" : ":" + line) + ")";
    }

    private static Optional<Instant> eventTime(JsonPayload event) throws MalformedWebhookException {
        return firstTime(event, "datetime", "timestamp", "received");
    }

    /** The event carries the project as a number; its API URL names the slug. */
    private static String projectSlug(JsonPayload event) {
        String url = event.text("url");
        if (url != null) {
            Matcher m = PROJECT_IN_EVENT_URL.matcher(url);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    // ---- metric_alert --------------------------------------------------------------------------

    private Normalized metricAlert(JsonPayload body, String action, WebhookDelivery delivery) throws MalformedWebhookException {
        String eventType = "metric_alert." + action;
        AlertKind kind;
        switch (action) {
            case "critical", "warning", "open" -> kind = AlertKind.TRIGGERED;
            case "resolved" -> kind = AlertKind.RESOLVED;
            default -> {
                return Normalized.ignored(eventType, "Sentry metric_alert action '" + action + "' is no lifecycle step");
            }
        }
        JsonPayload metric = body.requireObject("data", "metric_alert");
        String id = metric.requireText("id");
        JsonPayload rule = metric.at("alert_rule");
        String environment = rule.text("environment");
        List<String> projects = metric.textArray("projects");
        if (projects.isEmpty()) {
            projects = rule.textArray("projects");
        }
        String project = projects.isEmpty() ? null : projects.get(0);

        AlertEvent.Builder alert = Alerts.newAlert(delivery)
                .setKind(kind)
                .setDedupKey(Alerts.dedupKey(delivery, "metric_alert", id))
                .setTitle(firstNonBlank(body.text("data", "description_title"), rule.text("name"), metric.text("title"),
                        "Sentry metric alert " + id))
                .setDescription(metricDescription(body, rule))
                .setService(project)
                .setProject(project)
                .setEnvironment(environment);
        if (kind == AlertKind.TRIGGERED) {
            metricSeverity(alert, action, metric.text("status"), environment);
        }

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("sentry.resource", "metric_alert");
        labels.put("sentry.action", action);
        labels.put("sentry.metricAlertId", id);
        labels.put("sentry.identifier", metric.text("identifier"));
        labels.put("sentry.alertRule", rule.text("name"));
        labels.put("sentry.projects", String.join(",", projects));
        labels.put("environment", environment);
        alert.setLabels(Alerts.nonBlank(labels));

        List<Link> links = new ArrayList<>();
        addLink(links, "Sentry metric alert", body.text("data", "web_url"));
        alert.setLinks(links);

        Optional<Instant> time = kind == AlertKind.RESOLVED
                ? metric.instant("date_closed")
                : firstTime(metric, "date_started", "date_detected", "date_created");
        Alerts.setTime(alert, Alerts.eventTime(time, headerTime(delivery), delivery));
        return Normalized.alert(eventType, Alerts.build(alert, delivery));
    }

    private static String metricDescription(JsonPayload body, JsonPayload rule) {
        List<String> lines = new ArrayList<>();
        String text = body.text("data", "description_text");
        if (text != null) {
            lines.add(text);
        }
        String aggregate = rule.text("aggregate");
        if (aggregate != null) {
            String query = rule.text("query");
            String window = rule.text("time_window");
            lines.add("Rule: " + aggregate + (query == null ? "" : " where " + query)
                    + (window == null ? "" : " over " + window + " min"));
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private void metricSeverity(AlertEvent.Builder alert, String action, String status, String environment) {
        // "open" names no threshold; the incident status does (20 critical, 10 warning).
        String label = switch (action) {
            case "critical", "warning" -> action;
            default -> "20".equals(status) ? "critical" : "10".equals(status) ? "warning" : null;
        };
        if (label == null) {
            return;
        }
        Severity hint = "critical".equals(label) ? Severity.P1 : Severity.P3;
        setSeverity(alert, hint, "sentry metric alert " + label, environment);
    }

    // ---- legacy WebHooks plugin ----------------------------------------------------------------

    private Normalized legacyPlugin(JsonPayload body, WebhookDelivery delivery) throws MalformedWebhookException {
        String eventType = "legacy_webhook.triggered";
        String issueId = body.requireText("id");
        JsonPayload event = body.at("event");
        Map<String, String> tags = tags(event);
        String environment = firstNonBlank(event.text("environment"), tags.get("environment"));
        String level = firstNonBlank(body.text("level"), event.text("level"), tags.get("level"));
        String slug = firstNonBlank(body.text("project_slug"), body.text("project"));
        List<String> rules = body.textArray("triggering_rules");

        AlertEvent.Builder alert = Alerts.newAlert(delivery)
                .setKind(AlertKind.TRIGGERED)
                .setDedupKey(Alerts.dedupKey(delivery, "issue", issueId))
                .setTitle(firstNonBlank(event.text("title"), body.text("message"), metadataTitle(event),
                        body.text("culprit"), "Sentry issue " + issueId))
                .setDescription(legacyDescription(body, event, rules))
                .setService(slug)
                .setProject(slug)
                .setEnvironment(environment);
        severity(alert, level, environment);
        setComponentAndTenants(alert, tags);

        Map<String, String> labels = new LinkedHashMap<>(keptTags(tags));
        labels.putIfAbsent("environment", environment);
        labels.putIfAbsent("level", level);
        labels.put("sentry.resource", "legacy_webhook");
        labels.put("sentry.issueId", issueId);
        labels.put("sentry.eventId", event.text("event_id"));
        labels.put("sentry.triggeredRule", String.join(", ", rules));
        alert.setLabels(Alerts.nonBlank(labels));

        List<Link> links = new ArrayList<>();
        addLink(links, "Sentry issue", body.text("url"));
        alert.setLinks(links);

        Alerts.setTime(alert, Alerts.eventTime(eventTime(event), Optional.empty(), delivery));
        return Normalized.alert(eventType, Alerts.build(alert, delivery));
    }

    private static String legacyDescription(JsonPayload body, JsonPayload event, List<String> rules)
            throws MalformedWebhookException {
        List<String> lines = new ArrayList<>();
        String detail = eventDescription(event, null);
        if (detail != null) {
            lines.add(detail);
        } else if (body.text("culprit") != null) {
            lines.add("In " + body.text("culprit"));
        }
        if (!rules.isEmpty()) {
            lines.add("Alert rule: " + String.join(", ", rules));
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    // ---- shared --------------------------------------------------------------------------------

    /**
     * The HTTP layer resolves the account from {@code installation.uuid}; the {@code normalize} CLI and
     * unmapped installations may not, and then the body's uuid keeps two installations apart.
     */
    private static WebhookDelivery scopedToInstallation(WebhookDelivery delivery, JsonPayload body) {
        String uuid = body.text("installation", "uuid");
        if (delivery.sourceAccount() != null || uuid == null) {
            return delivery;
        }
        return new WebhookDelivery(delivery.rawId(), delivery.source(), uuid, delivery.headers(), delivery.body(),
                delivery.receivedAt());
    }

    /** Sentry level to a hint: fatal P1, error P2, warning P3, info and debug P4; others give none. */
    private void severity(AlertEvent.Builder alert, String level, String environment) {
        if (level == null) {
            return;
        }
        Severity hint = switch (level.toLowerCase(Locale.ROOT)) {
            case "fatal" -> Severity.P1;
            case "error" -> Severity.P2;
            case "warning" -> Severity.P3;
            case "info", "debug" -> Severity.P4;
            default -> null;
        };
        if (hint != null) {
            setSeverity(alert, hint, "sentry level=" + level, environment);
        }
    }

    private void setSeverity(AlertEvent.Builder alert, Severity hint, String reason, String environment) {
        if (!settings.isProduction(environment)) {
            Severity lower = hint == Severity.P4 ? Severity.P4 : Severity.values()[hint.ordinal() + 1];
            reason = reason + " -> " + hint + ", lowered to " + lower + ": environment '" + environment
                    + "' is not production";
            hint = lower;
        }
        alert.setSeverityHint(hint).setSeverityHintReason(reason);
    }

    /**
     * Event tags as a map. Sentry sends a list of {@code [key, value]} pairs; the API's
     * {@code {"key":..,"value":..}} objects and a plain object are accepted too. The first value of a
     * repeated key wins.
     */
    private static Map<String, String> tags(JsonPayload event) throws MalformedWebhookException {
        JsonPayload tags = event.at("tags");
        if (tags.isPresent() && tags.node().isObject()) {
            return event.textMap("tags");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (JsonPayload tag : event.array("tags")) {
            String key;
            String value;
            if (tag.isPresent() && tag.node().isArray()) {
                key = tag.element(0).text();
                value = tag.element(1).text();
            } else {
                key = tag.text("key");
                value = tag.text("value");
            }
            if (key != null && value != null) {
                map.putIfAbsent(key, value);
            }
        }
        return map;
    }

    private static Map<String, String> keptTags(Map<String, String> tags) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : KEPT_TAGS) {
            String value = tags.get(name);
            if (value != null) {
                kept.put(name, Alerts.truncate(value, MAX_LABEL_VALUE));
            }
        }
        return kept;
    }

    /** Only what the event says: a {@code component} tag, {@code tenant} / {@code tenants} (comma separated). */
    private static void setComponentAndTenants(AlertEvent.Builder alert, Map<String, String> tags) {
        alert.setComponent(tags.get("component"));
        Set<String> tenants = new LinkedHashSet<>();
        for (String name : List.of("tenant", "tenants")) {
            String value = tags.get(name);
            if (value != null) {
                for (String tenant : value.split(",")) {
                    if (!tenant.isBlank()) {
                        tenants.add(tenant.strip());
                    }
                }
            }
        }
        alert.setTenants(new ArrayList<>(tenants));
    }

    /** {@code "TypeError: x is undefined"} from an issue's or event's metadata. */
    private static String metadataTitle(JsonPayload node) {
        return firstNonBlank(exceptionText(node.text("metadata", "type"), node.text("metadata", "value")),
                node.text("metadata", "title"));
    }

    /** Sentry's own way of naming an error: {@code "Type: value"}, or whichever of them is there. */
    private static String exceptionText(String type, String value) {
        if (type != null && value != null) {
            return type + ": " + value;
        }
        return firstNonBlank(type, value);
    }

    private static Optional<Instant> headerTime(WebhookDelivery delivery) {
        String header = delivery.header(TIMESTAMP_HEADER);
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        // The endpoint's signature check rejects a bad header; offline, fall back to receipt time.
        // Only plain seconds are read: an exponent such as 1e999999999 would expand to a huge integer.
        if (!EPOCH_SECONDS.matcher(header.trim()).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Timestamps.parse(header.trim()));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
            return Optional.empty();
        }
    }

    private static void addLink(List<Link> links, String label, String url) {
        if (url == null || links.stream().anyMatch(l -> l.getUrl().equals(url))) {
            return;
        }
        links.add(new Link(label, url));
    }

    /** The first of {@code keys} that holds a time; later ones are not read (nor complained about). */
    private static Optional<Instant> firstTime(JsonPayload node, String... keys) throws MalformedWebhookException {
        for (String key : keys) {
            Optional<Instant> time = node.instant(key);
            if (time.isPresent()) {
                return time;
            }
        }
        return Optional.empty();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
