package io.agentix.incident.ingest.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Severity;

/**
 * Railway webhooks in both formats (webhooks.md §3).
 *
 * <p><b>Current format</b> (since 2025-11-21; a body with {@code resource}, or a {@code type}
 * containing a dot): {@code type} is {@code <Resource>.<event>}, compared case-insensitively with
 * {@code _} removed, because senders in the wild spell {@code Deployment.oom_killed},
 * {@code oomKilled} and {@code OomKilled}. The type is the source of truth: Railway's own example
 * pairs {@code Deployment.failed} with {@code details.status: "SUCCESS"}.
 * <ul>
 *   <li>{@code Deployment.failed|crashed|oom_killed} trigger, {@code Deployment.deployed|redeployed|resumed}
 *       resolve, under {@code railway:<account>:deploy:<project>:<environment>:<service>}, so a later
 *       good deploy of the service closes the alert;</li>
 *   <li>{@code VolumeAlert.triggered|resolved} under {@code railway:<account>:volume:<project>:<environment>[:<service>]};</li>
 *   <li>{@code Monitor.triggered|resolved} under
 *       {@code railway:<account>:monitor:<project>:<environment>[:<service>][:<metric>]};</li>
 *   <li>progress and lifecycle events (building, deploying, queued, waiting, needs_approval,
 *       removed, slept, restarted) and unknown types are ignored.</li>
 * </ul>
 *
 * <p><b>Legacy format</b> ({@code "type": "DEPLOY"}): the top-level {@code status} decides:
 * {@code FAILED}/{@code CRASHED} trigger, {@code SUCCESS} resolves, under the same deploy key as the
 * current format; other statuses are ignored.
 *
 * <p><b>Severity hints</b> (triggers only; a resolve has nothing to rank):
 * <ul>
 *   <li>crashed or OOM-killed: P1 in production. The active deployment stopped, so the service is
 *       down for everyone who uses it; Railway does not fall back to an older deployment, and the
 *       runbook goes one level up while the scope is unknown. Impact OUTAGE;</li>
 *   <li>failed deploy: P2, because the previous deployment usually keeps serving;</li>
 *   <li>volume alert: P3; monitor (CPU/RAM) alert: P3;</li>
 *   <li>in a named non-production environment ({@link NormalizationSettings#isProduction}): one
 *       level lower; in an ephemeral (PR) environment: P4 with impact NONE, whatever the event.</li>
 * </ul>
 * Railway's own {@code severity} (INFO, WARNING, ...) is kept only as the label {@code railwaySeverity}.
 *
 * <p><b>Deploy facts</b>: a successful deploy ({@code deployed}/{@code redeployed}, legacy
 * {@code SUCCESS}) of a main branch ({@code details.branch} or {@code deployment.meta.branch},
 * {@link NormalizationSettings#isMainBranch}) also yields a {@link DeploymentEvent}: the escalation
 * engine takes on-call from it. Railway ids are UUID strings.
 */
public final class RailwayNormalizer implements WebhookNormalizer {

    /** The status a deploy fact records for a successful deploy, in Railway's own vocabulary. */
    static final String DEPLOYED_STATUS = "SUCCESS";

    private final NormalizationSettings settings;

    public RailwayNormalizer(NormalizationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Source source() {
        return Source.RAILWAY;
    }

    @Override
    public Normalized normalize(WebhookDelivery delivery) throws MalformedWebhookException {
        JsonPayload body = JsonPayload.parse(delivery.body());
        String type = body.requireText("type").strip();
        if (body.has("resource") || type.contains(".")) {
            return current(delivery, body, type);
        }
        if (type.equalsIgnoreCase("DEPLOY")) {
            return legacy(delivery, body);
        }
        return Normalized.ignored(type, "not a Railway deployment, volume or monitor event");
    }

    /** What a Railway event means for an alert. */
    private enum Signal {
        CRASHED(AlertKind.TRIGGERED, "deployment crashed"),
        OOM_KILLED(AlertKind.TRIGGERED, "deployment killed: out of memory"),
        FAILED(AlertKind.TRIGGERED, "deployment failed"),
        DEPLOYED(AlertKind.RESOLVED, "deployed"),
        REDEPLOYED(AlertKind.RESOLVED, "redeployed"),
        RESUMED(AlertKind.RESOLVED, "resumed"),
        VOLUME_TRIGGERED(AlertKind.TRIGGERED, "volume alert"),
        VOLUME_RESOLVED(AlertKind.RESOLVED, "volume alert resolved"),
        MONITOR_TRIGGERED(AlertKind.TRIGGERED, "monitor alert"),
        MONITOR_RESOLVED(AlertKind.RESOLVED, "monitor alert resolved");

        final AlertKind kind;
        final String phrase;

        Signal(AlertKind kind, String phrase) {
            this.kind = kind;
            this.phrase = phrase;
        }

        boolean isDeployment() {
            return ordinal() <= RESUMED.ordinal();
        }

        boolean isSuccessfulDeploy() {
            return this == DEPLOYED || this == REDEPLOYED;
        }
    }

    private Normalized current(WebhookDelivery delivery, JsonPayload body, String type) throws MalformedWebhookException {
        int dot = type.indexOf('.');
        String resource = canonical(dot < 0 ? type : type.substring(0, dot));
        String event = dot < 0 ? "" : canonical(type.substring(dot + 1));
        Signal signal = switch (resource) {
            case "deployment" -> switch (event) {
                case "crashed" -> Signal.CRASHED;
                case "oomkilled" -> Signal.OOM_KILLED;
                case "failed" -> Signal.FAILED;
                case "deployed" -> Signal.DEPLOYED;
                case "redeployed" -> Signal.REDEPLOYED;
                case "resumed" -> Signal.RESUMED;
                default -> null; // progress, lifecycle or unknown: see ignoredReason
            };
            case "volumealert" -> event.equals("triggered") ? Signal.VOLUME_TRIGGERED
                    : event.equals("resolved") ? Signal.VOLUME_RESOLVED : null;
            case "monitor" -> event.equals("triggered") ? Signal.MONITOR_TRIGGERED
                    : event.equals("resolved") ? Signal.MONITOR_RESOLVED : null;
            default -> null;
        };
        if (signal == null) {
            return Normalized.ignored(type, ignoredReason(resource, event));
        }
        JsonPayload details = body.at("details");
        Target target = Target.of(body.at("resource"), signal.isDeployment());
        Commit commit = Commit.of(details, body.at("resource", "deployment", "meta"), body.at("deployment", "meta"));
        String deploymentId = first(details.text("id"), body.text("resource", "deployment", "id"));
        List<String> notes = new ArrayList<>();
        String detailsStatus = details.text("status");
        if (detailsStatus != null && signal.isDeployment() && !agrees(detailsStatus, signal)) {
            notes.add("details.status " + detailsStatus + " disagrees with the type " + type + "; the type is used");
        }
        if (signal == Signal.MONITOR_TRIGGERED || signal == Signal.MONITOR_RESOLVED) {
            notes.add(monitorFacts(details));
        }
        return normalized(delivery, body, type, signal, target, commit, deploymentId, details.text("source"), notes);
    }

    private Normalized legacy(WebhookDelivery delivery, JsonPayload body) throws MalformedWebhookException {
        String status = body.text("status");
        if (status == null) {
            return Normalized.ignored("DEPLOY", "legacy DEPLOY event without a status");
        }
        String eventType = "DEPLOY." + status;
        Signal signal = switch (status.strip().toUpperCase(Locale.ROOT)) {
            case "CRASHED" -> Signal.CRASHED;
            case "FAILED" -> Signal.FAILED;
            case "SUCCESS" -> Signal.DEPLOYED;
            default -> null;
        };
        if (signal == null) {
            return Normalized.ignored(eventType, "legacy DEPLOY status " + status + " is progress, not a problem or a recovery");
        }
        Target target = Target.of(body, true);
        Commit commit = Commit.of(body.at("deployment", "meta"));
        if (commit.author() == null) {
            commit = commit.withAuthor(body.text("deployment", "creator", "name"));
        }
        return normalized(delivery, body, eventType, signal, target, commit, body.text("deployment", "id"), null, List.of());
    }

    private Normalized normalized(WebhookDelivery delivery, JsonPayload body, String eventType, Signal signal,
                                  Target target, Commit commit, String deploymentId, String deploySource,
                                  List<String> notes) throws MalformedWebhookException {
        Alerts.EventTime time = Alerts.eventTime(body.instant("timestamp"), Optional.empty(), delivery);
        String railwaySeverity = body.text("severity");

        AlertEvent.Builder alert = Alerts.newAlert(delivery)
                .setKind(signal.kind)
                .setDedupKey(dedupKey(delivery, signal, target, body.text("details", "metric")))
                .setTitle(Alerts.title(target.label(signal.isDeployment()), signal.phrase))
                .setService(target.serviceLabel())
                .setProject(target.projectLabel())
                .setEnvironment(target.environmentName());
        Alerts.setTime(alert, time);
        if (signal.kind == AlertKind.TRIGGERED) {
            setHint(alert, eventType, signal, target);
        }

        List<String> lines = new ArrayList<>();
        lines.add("Railway event " + eventType + " in project " + target.projectLabel()
                + ", environment " + first(target.environmentName(), target.environmentId())
                + (target.serviceLabel() == null ? "" : ", service " + target.serviceLabel()));
        if (commit.hash() != null || commit.message() != null) {
            lines.add("Commit " + first(commit.hash(), "?") + (commit.branch() == null ? "" : " on " + commit.branch())
                    + (commit.author() == null ? "" : " by " + commit.author())
                    + (commit.firstLine() == null ? "" : ": " + commit.firstLine()));
        }
        lines.addAll(notes);
        if (railwaySeverity != null) {
            lines.add("Railway severity: " + railwaySeverity);
        }
        alert.setDescription(String.join("\n", lines));

        Map<String, String> labels = new TreeMap<>();
        labels.put("projectId", target.projectId());
        labels.put("environmentId", target.environmentId());
        labels.put("serviceId", target.serviceId());
        labels.put("deploymentId", deploymentId);
        labels.put("workspace", body.text("resource", "workspace", "name"));
        labels.put("railwaySeverity", railwaySeverity);
        labels.put("branch", commit.branch());
        labels.put("commitHash", commit.hash());
        labels.put("deploySource", deploySource);
        labels.put("detailsStatus", body.text("details", "status"));
        if (target.ephemeral()) {
            labels.put("ephemeral", "true");
        }
        alert.setLabels(Alerts.nonBlank(labels));

        List<DeploymentEvent> deployments = new ArrayList<>();
        if (signal.isSuccessfulDeploy() && settings.isMainBranch(commit.branch())) {
            deployments.add(Alerts.build(Alerts.newDeployment(delivery)
                    .setService(target.serviceLabel())
                    .setEnvironment(target.environmentName())
                    .setBranch(commit.branch())
                    .setMainBranch(true)
                    .setCommitSha(commit.hash())
                    .setCommitMessage(commit.firstLine())
                    .setAuthor(commit.author())
                    .setStatus(DEPLOYED_STATUS)
                    .setDeployedAt(time.at())));
        }
        return Normalized.of(eventType, List.of(Alerts.build(alert, delivery)), deployments);
    }

    private static String dedupKey(WebhookDelivery delivery, Signal signal, Target target, String metric) {
        List<String> parts = new ArrayList<>();
        switch (signal) {
            case VOLUME_TRIGGERED, VOLUME_RESOLVED -> parts.add("volume");
            case MONITOR_TRIGGERED, MONITOR_RESOLVED -> parts.add("monitor");
            default -> parts.add("deploy");
        }
        parts.add(target.projectId());
        parts.add(target.environmentId());
        if (target.serviceId() != null) {
            parts.add(target.serviceId());
        }
        if (metric != null && (signal == Signal.MONITOR_TRIGGERED || signal == Signal.MONITOR_RESOLVED)) {
            parts.add(metric.toLowerCase(Locale.ROOT));
        }
        return Alerts.dedupKey(delivery, parts.toArray(String[]::new));
    }

    private void setHint(AlertEvent.Builder alert, String eventType, Signal signal, Target target) {
        String environment = target.environmentName();
        String where = environment == null ? "an unnamed environment (taken as production)" : "environment '" + environment + "'";
        if (target.ephemeral()) {
            alert.setImpact(Impact.NONE)
                    .setSeverityHint(Severity.P4)
                    .setSeverityHintReason("railway " + eventType + " in ephemeral (PR) " + where + ": no customer uses it");
            return;
        }
        Severity severity;
        String why;
        switch (signal) {
            case CRASHED, OOM_KILLED -> {
                severity = Severity.P1;
                why = "the active deployment stopped, so the service is down for everyone using it (P1, not P2: "
                        + "Railway does not fall back to an older deployment and the scope is unknown)";
                if (settings.isProduction(environment)) {
                    alert.setImpact(Impact.OUTAGE);
                }
            }
            case FAILED -> {
                severity = Severity.P2;
                why = "the new deployment did not go live; the previous deployment usually keeps serving";
            }
            case VOLUME_TRIGGERED -> {
                severity = Severity.P3;
                why = "a volume is running out of space; nothing is down yet";
            }
            default -> {
                severity = Severity.P3;
                why = "a resource usage threshold was crossed; nothing is down yet";
            }
        }
        if (!settings.isProduction(environment)) {
            severity = Severity.values()[Math.min(severity.ordinal() + 1, Severity.P4.ordinal())];
            why = why + "; lowered to " + severity + " because it is not production";
        }
        alert.setSeverityHint(severity)
                .setSeverityHintReason("railway " + eventType + " in " + where + ": " + why);
    }

    private static String ignoredReason(String resource, String event) {
        if (resource.equals("deployment")) {
            return switch (event) {
                case "building", "deploying", "queued", "waiting", "needsapproval" ->
                        "deployment progress, not a problem or a recovery";
                case "removed", "slept", "restarted" -> "deployment lifecycle change, not a problem or a recovery";
                default -> "unknown deployment event '" + event + "'";
            };
        }
        if (resource.equals("volumealert") || resource.equals("monitor")) {
            return "unknown " + resource + " event '" + event + "'";
        }
        return "unknown Railway event resource '" + resource + "'";
    }

    /** Whether Railway's {@code details.status} says the same as the type (used only to note a contradiction). */
    private static boolean agrees(String detailsStatus, Signal signal) {
        String status = detailsStatus.toUpperCase(Locale.ROOT);
        return switch (signal) {
            case CRASHED, OOM_KILLED -> status.equals("CRASHED");
            case FAILED -> status.equals("FAILED");
            default -> status.equals("SUCCESS") || status.equals("ACTIVE");
        };
    }

    private static String monitorFacts(JsonPayload details) {
        List<String> facts = new ArrayList<>();
        for (String key : List.of("metric", "value", "threshold", "unit")) {
            String value = details.text(key);
            if (value != null) {
                facts.add(key + " " + value);
            }
        }
        return facts.isEmpty() ? "Monitor details: none given" : "Monitor: " + String.join(", ", facts);
    }

    /** Lower case without underscores: {@code oom_killed}, {@code oomKilled} and {@code OomKilled} are one event. */
    static String canonical(String name) {
        return name.strip().replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }

    /** Where the event happened: the same shape under {@code resource} (current) and at the top level (legacy). */
    private record Target(String projectId, String projectName, String environmentId, String environmentName,
                          boolean ephemeral, String serviceId, String serviceName) {

        static Target of(JsonPayload root, boolean requireService) throws MalformedWebhookException {
            String serviceId = requireService ? root.requireText("service", "id") : root.text("service", "id");
            return new Target(root.requireText("project", "id"), root.text("project", "name"),
                    root.requireText("environment", "id"), root.text("environment", "name"),
                    root.bool(false, "environment", "isEphemeral"), serviceId, root.text("service", "name"));
        }

        String projectLabel() {
            return first(projectName, projectId);
        }

        String serviceLabel() {
            return serviceId == null ? null : first(serviceName, serviceId);
        }

        /** {@code api (production)} for a deployment; the project (and service) for volume and monitor alerts. */
        String label(boolean deployment) {
            String env = " (" + first(environmentName, environmentId) + ")";
            if (deployment) {
                return serviceLabel() + env;
            }
            return projectLabel() + (serviceId == null ? "" : "/" + serviceLabel()) + env;
        }
    }

    /** Commit facts, each taken from the first place that has it. */
    private record Commit(String branch, String hash, String author, String message) {

        static Commit of(JsonPayload... places) {
            return new Commit(firstText(places, "branch"), firstText(places, "commitHash"),
                    firstText(places, "commitAuthor"), firstText(places, "commitMessage"));
        }

        Commit withAuthor(String newAuthor) {
            return new Commit(branch, hash, newAuthor, message);
        }

        String firstLine() {
            return message == null ? null : message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
        }

        private static String firstText(JsonPayload[] places, String key) {
            for (JsonPayload place : places) {
                String value = place.text(key);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }
    }
}
