package io.agentix.incident.ingest.resources;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.codahale.metrics.Counter;
import com.codahale.metrics.LockFreeExponentiallyDecayingReservoir;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

import io.agentix.incident.ingest.core.Source;
import io.agentix.incident.service.metrics.MetricNames;

/**
 * Requests per source and outcome, and their latency from arrival to answer.
 *
 * <p>Registered as {@code ingest.requests{source="sentry",outcome="accepted"}} (a counter) and
 * {@code ingest.request.duration{source="sentry",outcome="accepted"}} (a timer), which the admin
 * {@code /metrics/prometheus} endpoint renders as {@code ingest_requests_total{...}} and the summary
 * {@code ingest_request_duration_seconds{...}} (see {@link MetricNames}). Every combination is
 * registered at start-up, so a scrape shows zeros rather than missing series.
 */
public final class IngestMetrics {

    /** What became of a request. */
    public enum Outcome {
        /** 202, records published. */
        ACCEPTED,
        /** 202, kept in webhooks.raw, nothing to publish. */
        IGNORED,
        /** 400, 413 or 415, kept in webhooks.rejected. */
        REJECTED,
        /** 401, nothing kept. */
        UNAUTHORIZED,
        /** 503, Kafka did not take the records in time. */
        UNAVAILABLE,
        /** 500, a bug (logged with a correlation id). */
        FAILED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Counter[][] counters = new Counter[Source.values().length][Outcome.values().length];
    private final Timer[][] timers = new Timer[Source.values().length][Outcome.values().length];

    public IngestMetrics(MetricRegistry registry) {
        for (Source source : Source.values()) {
            for (Outcome outcome : Outcome.values()) {
                String[] labels = {"source", source.id(), "outcome", outcome.id()};
                counters[source.ordinal()][outcome.ordinal()] =
                        registry.counter(MetricNames.labelled("ingest.requests", labels));
                // The lock-free reservoir: the default one takes a lock on every update.
                timers[source.ordinal()][outcome.ordinal()] = registry.timer(
                        MetricNames.labelled("ingest.request.duration", labels),
                        () -> new Timer(LockFreeExponentiallyDecayingReservoir.builder().build()));
            }
        }
    }

    /** Counts a request and its latency since {@code startNanos} ({@link System#nanoTime()}). */
    public void record(Source source, Outcome outcome, long startNanos) {
        counters[source.ordinal()][outcome.ordinal()].inc();
        timers[source.ordinal()][outcome.ordinal()].update(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
}
