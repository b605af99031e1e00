package io.agentix.incident.escalation.resources;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;

import io.agentix.incident.service.metrics.MetricNames;

/**
 * What became of the operator API's commands, and how many requests went to another instance:
 * {@code operator.commands{outcome="accepted"}} and so on, rendered at admin
 * {@code /metrics/prometheus} as {@code operator_commands_total{outcome="accepted"}}. Every series is
 * registered at start-up, so a scrape shows zeros rather than missing series.
 */
public final class OperatorApiMetrics {

    private final Counter accepted;
    private final Counter rejected;
    private final Counter invalid;
    private final Counter unavailable;
    private final Counter forwarded;

    public OperatorApiMetrics(MetricRegistry registry) {
        accepted = registry.counter(MetricNames.labelled("operator.commands", "outcome", "accepted"));
        rejected = registry.counter(MetricNames.labelled("operator.commands", "outcome", "rejected"));
        invalid = registry.counter(MetricNames.labelled("operator.commands", "outcome", "invalid"));
        unavailable = registry.counter(MetricNames.labelled("operator.commands", "outcome", "unavailable"));
        forwarded = registry.counter("operator.requests.forwarded");
    }

    /** 202: Kafka has the command. */
    void accepted() {
        accepted.inc();
    }

    /** 404 (unknown incident or command) or 409 (not allowed in the incident's state): recorded, never applied. */
    void rejected() {
        rejected.inc();
    }

    /** 400 or 413: a malformed body, or a field the command needs missing or invalid. */
    void invalid() {
        invalid.inc();
    }

    /** 503: Kafka did not take the command in time. */
    void unavailable() {
        unavailable.inc();
    }

    /** A request forwarded to the instance that hosts the incident. */
    void forwarded() {
        forwarded.inc();
    }
}
