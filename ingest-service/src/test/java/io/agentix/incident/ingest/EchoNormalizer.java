package io.agentix.incident.ingest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.ingest.core.Alerts;
import io.agentix.incident.ingest.core.JsonPayload;
import io.agentix.incident.ingest.core.MalformedWebhookException;
import io.agentix.incident.ingest.core.Normalized;
import io.agentix.incident.ingest.core.Source;
import io.agentix.incident.ingest.core.WebhookDelivery;
import io.agentix.incident.ingest.core.WebhookNormalizer;

/**
 * A trivial sender format for the HTTP tests, the same for every source:
 * {@code {"problem": id, "status": "firing"|"resolved", "title": str?, "at": time?,
 * "deploy": {"service": str, "commit": str}?, "ignore": reason?}}. Without {@code problem} the
 * body is malformed ({@code $.problem: missing}).
 */
public final class EchoNormalizer implements WebhookNormalizer {

    private final Source source;

    public EchoNormalizer(Source source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public Source source() {
        return source;
    }

    @Override
    public Normalized normalize(WebhookDelivery delivery) throws MalformedWebhookException {
        JsonPayload payload = JsonPayload.parse(delivery.body());
        String ignore = payload.text("ignore");
        if (ignore != null) {
            return Normalized.ignored("echo.ignored", ignore);
        }
        String problem = payload.requireText("problem");
        boolean resolved = "resolved".equals(payload.text("status"));
        Alerts.EventTime time = Alerts.eventTime(payload.instant("at"), Optional.empty(), delivery);
        AlertEvent.Builder alert = Alerts.newAlert(delivery)
                .setKind(resolved ? AlertKind.RESOLVED : AlertKind.TRIGGERED)
                .setDedupKey(Alerts.dedupKey(delivery, problem))
                .setTitle(Optional.ofNullable(payload.text("title")).orElse(problem));
        Alerts.setTime(alert, time);
        List<DeploymentEvent> deployments = List.of();
        if (payload.has("deploy")) {
            JsonPayload deploy = payload.requireObject("deploy");
            deployments = List.of(Alerts.build(Alerts.newDeployment(delivery)
                    .setService(deploy.requireText("service"))
                    .setCommitSha(deploy.text("commit"))
                    .setBranch("main")
                    .setMainBranch(true)
                    .setDeployedAt(time.at())));
        }
        return Normalized.of(resolved ? "echo.resolved" : "echo.firing", List.of(Alerts.build(alert, delivery)),
                deployments);
    }
}
