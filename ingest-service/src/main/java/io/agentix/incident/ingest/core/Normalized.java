package io.agentix.incident.ingest.core;

import java.util.List;
import java.util.Objects;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.DeploymentEvent;

/**
 * What one delivery means: the records to publish, or why it is ignored. An ignored delivery is
 * still answered 2xx and kept in {@code webhooks.raw}.
 *
 * @param eventType the sender's event type, e.g. {@code issue.created} or {@code Deployment.failed}
 * @param alerts alert events to publish on {@code alerts}
 * @param deployments deploy facts to publish on {@code deployments}
 * @param ignoredReason why nothing is published, or null when something is
 */
public record Normalized(String eventType, List<AlertEvent> alerts, List<DeploymentEvent> deployments,
                         String ignoredReason) {

    public Normalized {
        alerts = List.copyOf(alerts);
        deployments = List.copyOf(deployments);
        if (alerts.isEmpty() && deployments.isEmpty()) {
            Objects.requireNonNull(ignoredReason, "a delivery that produces nothing needs an ignoredReason");
        }
    }

    public static Normalized ignored(String eventType, String reason) {
        return new Normalized(eventType, List.of(), List.of(), Objects.requireNonNull(reason, "reason"));
    }

    public static Normalized of(String eventType, List<AlertEvent> alerts, List<DeploymentEvent> deployments) {
        return new Normalized(eventType, alerts, deployments, null);
    }

    public static Normalized alert(String eventType, AlertEvent alert) {
        return of(eventType, List.of(alert), List.of());
    }

    public boolean isIgnored() {
        return alerts.isEmpty() && deployments.isEmpty();
    }
}
