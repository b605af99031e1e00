package io.agentix.incident.service.metrics;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;

/**
 * Renders a Dropwizard {@link MetricRegistry} in the Prometheus text exposition format 0.0.4.
 *
 * <ul>
 *   <li>counters and meters: {@code counter} families named {@code <base>_total} (a meter's rates are
 *       left out: Prometheus computes rates from the count);</li>
 *   <li>timers: {@code summary} families named {@code <base>_seconds} with the quantiles 0.5 and 0.99
 *       and {@code _count} (no {@code _sum}: a Dropwizard timer keeps none; Prometheus' own
 *       Dropwizard exporter does the same);</li>
 *   <li>histograms: {@code summary} families with the same quantiles, values as recorded;</li>
 *   <li>gauges: {@code gauge} families with numeric or boolean (1/0) values; other gauges are skipped.</li>
 * </ul>
 *
 * <p>Base names have every character outside {@code [a-zA-Z0-9_:]} replaced by {@code _}; labels
 * follow the {@link MetricNames} convention. When two registry names end up in one family with
 * different types, the first type in name order wins and the other metrics are left out, since one
 * family may have only one type.
 */
public final class PrometheusTextFormat {

    /** The Content-Type of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern LABELLED = Pattern.compile("([^{]*)\\{(.*)\\}");
    private static final double[] QUANTILES = {0.5, 0.99};
    private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private PrometheusTextFormat() {
    }

    /** The whole registry as Prometheus text, families sorted by name. */
    public static String render(MetricRegistry registry) {
        SortedMap<String, Family> families = new TreeMap<>();
        registry.getCounters().forEach((name, counter) -> add(families, name, "counter", "_total", counter));
        registry.getMeters().forEach((name, meter) -> add(families, name, "counter", "_total", meter));
        registry.getTimers().forEach((name, timer) -> add(families, name, "summary", "_seconds", timer));
        registry.getHistograms().forEach((name, histogram) -> add(families, name, "summary", "", histogram));
        registry.getGauges().forEach((name, gauge) -> {
            Double value = number(gauge); // read once: a gauge may be costly
            if (value != null) {
                add(families, name, "gauge", "", value);
            }
        });
        StringBuilder out = new StringBuilder(families.size() * 96);
        families.forEach((familyName, family) -> {
            out.append("# TYPE ").append(familyName).append(' ').append(family.type).append('\n');
            family.members.forEach((labels, metric) -> write(out, familyName, labels, metric));
        });
        return out.toString();
    }

    private static void add(SortedMap<String, Family> families, String registryName, String type, String suffix,
                            Object metric) {
        String base = registryName;
        String labels = "";
        Matcher labelled = LABELLED.matcher(registryName);
        if (labelled.matches()) {
            base = labelled.group(1);
            labels = labelled.group(2);
        }
        String familyName = sanitize(base);
        if (!suffix.isEmpty() && !familyName.endsWith(suffix)) {
            familyName += suffix;
        }
        Family family = families.computeIfAbsent(familyName, n -> new Family(type));
        if (family.type.equals(type)) {
            family.members.putIfAbsent(labels, metric);
        }
    }

    private static void write(StringBuilder out, String family, String labels, Object metric) {
        if (metric instanceof Counter counter) {
            sample(out, family, labels, null, counter.getCount());
        } else if (metric instanceof Meter meter) {
            sample(out, family, labels, null, meter.getCount());
        } else if (metric instanceof Timer timer) {
            summary(out, family, labels, timer.getSnapshot(), timer.getCount(), NANOS_PER_SECOND);
        } else if (metric instanceof Histogram histogram) {
            summary(out, family, labels, histogram.getSnapshot(), histogram.getCount(), 1);
        } else if (metric instanceof Double gaugeValue) {
            sample(out, family, labels, null, gaugeValue);
        }
    }

    private static void summary(StringBuilder out, String family, String labels, Snapshot snapshot, long count,
                                double divisor) {
        for (double quantile : QUANTILES) {
            String withQuantile = (labels.isEmpty() ? "" : labels + ",") + "quantile=\"" + quantile + "\"";
            sample(out, family, withQuantile, null, snapshot.getValue(quantile) / divisor);
        }
        sample(out, family, labels, "_count", count);
    }

    private static void sample(StringBuilder out, String family, String labels, String suffix, double value) {
        out.append(family);
        if (suffix != null) {
            out.append(suffix);
        }
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(format(value)).append('\n');
    }

    private static String format(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static Double number(Gauge<?> gauge) {
        Object value;
        try {
            value = gauge.getValue();
        } catch (RuntimeException e) {
            // A gauge over a closed resource throws; one broken gauge must not hide all the others.
            return null;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof Boolean bool) {
            return bool ? 1.0 : 0.0;
        }
        return null;
    }

    static String sanitize(String base) {
        StringBuilder name = new StringBuilder(base.length() + 1);
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'
                    || (c >= '0' && c <= '9' && i > 0);
            if (c >= '0' && c <= '9' && i == 0) {
                name.append('_').append(c);
            } else {
                name.append(allowed ? c : '_');
            }
        }
        return name.toString();
    }

    /** The metrics of one family: one type, members keyed by their label string. */
    private static final class Family {
        final String type;
        final Map<String, Object> members = new TreeMap<>();

        Family(String type) {
            this.type = type;
        }
    }
}
