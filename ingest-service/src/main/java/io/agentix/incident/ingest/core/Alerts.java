package io.agentix.incident.ingest.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.TimeSource;

/**
 * Building blocks every normalizer uses, so that ids, keys and times are derived one way.
 *
 * <pre>{@code
 * AlertEvent.Builder alert = Alerts.newAlert(delivery)
 *         .setKind(AlertKind.TRIGGERED)
 *         .setDedupKey(Alerts.dedupKey(delivery, "issue", issueId))
 *         .setTitle(title);
 * Alerts.setTime(alert, Alerts.eventTime(payloadTime, headerTime, delivery));
 * return Alerts.build(alert, delivery);
 * }</pre>
 */
public final class Alerts {

    /** Titles longer than this are cut (at a code point boundary) so pages and subjects stay readable. */
    public static final int MAX_TITLE_LENGTH = 300;
    /** Descriptions longer than this are cut; the full body stays in webhooks.raw. */
    public static final int MAX_DESCRIPTION_LENGTH = 4000;

    private Alerts() {
    }

    /** An event time and where it came from. */
    public record EventTime(Instant at, TimeSource source) {
    }

    /** A builder with the delivery's provenance set and every list/map empty. */
    public static AlertEvent.Builder newAlert(WebhookDelivery delivery) {
        return AlertEvent.newBuilder()
                .setRawId(delivery.rawId())
                .setSource(delivery.source().id())
                .setSourceAccount(delivery.sourceAccount())
                .setReceivedAt(delivery.receivedAt())
                .setTenants(new ArrayList<>())
                .setAllTenants(false)
                .setImpact(Impact.UNKNOWN)
                .setLinks(new ArrayList<>())
                .setLabels(new TreeMap<>());
    }

    /**
     * The lifecycle key: source, account, then the sender's own identity of the problem, e.g.
     * {@code sentry:acme:issue:4711}. Accounts never collide; trigger and resolve share it.
     */
    public static String dedupKey(WebhookDelivery delivery, String... parts) {
        StringBuilder key = new StringBuilder(delivery.source().id()).append(':')
                .append(delivery.sourceAccount() == null ? "-" : delivery.sourceAccount());
        for (String part : parts) {
            key.append(':').append(part);
        }
        return key.toString();
    }

    /** The payload's time, else the (signed) header time, else the receipt time. */
    public static EventTime eventTime(Optional<Instant> payload, Optional<Instant> header, WebhookDelivery delivery) {
        if (payload.isPresent()) {
            return new EventTime(payload.get(), TimeSource.PAYLOAD);
        }
        if (header.isPresent()) {
            return new EventTime(header.get(), TimeSource.HEADER);
        }
        return new EventTime(delivery.receivedAt(), TimeSource.RECEIPT);
    }

    public static AlertEvent.Builder setTime(AlertEvent.Builder alert, EventTime time) {
        return alert.setOccurredAt(time.at()).setOccurredAtSource(time.source());
    }

    /** Sets the deterministic event id, cuts over-long texts and builds. */
    public static AlertEvent build(AlertEvent.Builder alert, WebhookDelivery delivery) {
        alert.setTitle(truncate(alert.getTitle(), MAX_TITLE_LENGTH));
        if (alert.getDescription() != null) {
            alert.setDescription(truncate(alert.getDescription(), MAX_DESCRIPTION_LENGTH));
        }
        alert.setEventId(EventIds.alertId(alert.getSource(), alert.getSourceAccount(), alert.getDedupKey(),
                alert.getKind(), alert.getSeverityHint(), alert.getOccurredAt(), alert.getOccurredAtSource(), delivery.body()));
        return alert.build();
    }

    /** A deploy fact builder with the delivery's provenance set. */
    public static DeploymentEvent.Builder newDeployment(WebhookDelivery delivery) {
        return DeploymentEvent.newBuilder()
                .setRawId(delivery.rawId())
                .setSource(delivery.source().id())
                .setSourceAccount(delivery.sourceAccount())
                .setReceivedAt(delivery.receivedAt());
    }

    /** Sets the deterministic event id and builds. */
    public static DeploymentEvent build(DeploymentEvent.Builder deployment) {
        deployment.setEventId(EventIds.deploymentId(deployment.getSource(), deployment.getSourceAccount(),
                deployment.getService(), deployment.getEnvironment(), deployment.getCommitSha(), deployment.getDeployedAt()));
        return deployment.build();
    }

    /** Cuts {@code text} to at most {@code max} chars without splitting a surrogate pair; adds an ellipsis. */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** Joins the non-blank parts with {@code " — "}: e.g. a monitor name and its cause. */
    public static String title(String... parts) {
        List<String> kept = new ArrayList<>();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                kept.add(part.strip());
            }
        }
        return String.join(" — ", kept);
    }

    /** Copies the entries whose values are non-blank. */
    public static Map<String, String> nonBlank(Map<String, String> map) {
        Map<String, String> kept = new TreeMap<>();
        map.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                kept.put(k, v);
            }
        });
        return kept;
    }
}
