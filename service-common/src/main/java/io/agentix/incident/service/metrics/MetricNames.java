package io.agentix.incident.service.metrics;

import java.util.Objects;

/**
 * Names for Dropwizard metrics that carry Prometheus labels.
 *
 * <p>Dropwizard names a metric with one string. The convention here: a dotted base name followed
 * by the labels in Prometheus syntax, e.g. {@code ingest.requests{source="sentry",outcome="accepted"}}.
 * {@link PrometheusTextFormat} renders the base with dots as underscores and a type suffix
 * ({@code _total} for counters and meters, {@code _seconds} for timers) and keeps the labels:
 * {@code ingest_requests_total{source="sentry",outcome="accepted"}}. Names without braces are
 * rendered without labels, so Dropwizard's own JVM and Jetty metrics come out as they are.
 */
public final class MetricNames {

    private MetricNames() {
    }

    /**
     * {@code base} with the labels given as name/value pairs, values escaped as Prometheus does.
     *
     * @throws IllegalArgumentException when the pairs are odd in number or a label name is not a
     *     Prometheus label name
     */
    public static String labelled(String base, String... labelNamesAndValues) {
        Objects.requireNonNull(base, "base");
        if (labelNamesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels of " + base + " must come as name/value pairs, got "
                    + labelNamesAndValues.length + " strings");
        }
        if (labelNamesAndValues.length == 0) {
            return base;
        }
        StringBuilder name = new StringBuilder(base).append('{');
        for (int i = 0; i < labelNamesAndValues.length; i += 2) {
            String label = labelNamesAndValues[i];
            if (label == null || !label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                throw new IllegalArgumentException("metric " + base + ": '" + label + "' is not a label name");
            }
            if (i > 0) {
                name.append(',');
            }
            name.append(label).append("=\"").append(escape(Objects.requireNonNull(labelNamesAndValues[i + 1],
                    "value of label " + label))).append('"');
        }
        return name.append('}').toString();
    }

    /** Escapes a label value: backslash, double quote and line feed. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
