package io.agentix.incident.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;

class PrometheusTextFormatTest {

    private final MetricRegistry registry = new MetricRegistry();

    @Test
    void rendersLabelledCountersAsOneTotalFamilyWithOneTypeLine() {
        registry.counter(MetricNames.labelled("ingest.requests", "source", "sentry", "outcome", "accepted")).inc(2);
        registry.counter(MetricNames.labelled("ingest.requests", "source", "github", "outcome", "rejected")).inc();

        assertThat(PrometheusTextFormat.render(registry)).isEqualTo("""
                # TYPE ingest_requests_total counter
                ingest_requests_total{source="github",outcome="rejected"} 1
                ingest_requests_total{source="sentry",outcome="accepted"} 2
                """);
    }

    @Test
    void rendersMetersAsCountersOfTheirCount() {
        registry.meter("jetty.requests").mark(5);

        assertThat(PrometheusTextFormat.render(registry)).isEqualTo("""
                # TYPE jetty_requests_total counter
                jetty_requests_total 5
                """);
    }

    @Test
    void rendersTimersAsSummariesInSecondsWithMedianAndP99() {
        Timer timer = registry.timer(MetricNames.labelled("ingest.request.duration", "source", "sentry"));
        timer.update(2, TimeUnit.MILLISECONDS);

        assertThat(PrometheusTextFormat.render(registry)).isEqualTo("""
                # TYPE ingest_request_duration_seconds summary
                ingest_request_duration_seconds{source="sentry",quantile="0.5"} 0.002
                ingest_request_duration_seconds{source="sentry",quantile="0.99"} 0.002
                ingest_request_duration_seconds_count{source="sentry"} 1
                """);
    }

    @Test
    void rendersNumericAndBooleanGaugesAndSkipsOthers() {
        registry.register("pool.size", (Gauge<Integer>) () -> 4);
        registry.register("pool.ratio", (Gauge<Double>) () -> 0.25);
        registry.register("broker.up", (Gauge<Boolean>) () -> true);
        registry.register("pool.name", (Gauge<String>) () -> "main");

        assertThat(PrometheusTextFormat.render(registry)).isEqualTo("""
                # TYPE broker_up gauge
                broker_up 1
                # TYPE pool_ratio gauge
                pool_ratio 0.25
                # TYPE pool_size gauge
                pool_size 4
                """);
    }

    @Test
    void replacesCharactersPrometheusDoesNotAllowInNames() {
        registry.counter("io.dropwizard.jetty.Mutable$Handler.2xx-responses").inc();

        assertThat(PrometheusTextFormat.render(registry))
                .contains("io_dropwizard_jetty_Mutable_Handler_2xx_responses_total 1\n");
    }

    @Test
    void escapesLabelValues() {
        registry.counter(MetricNames.labelled("weird", "value", "a \"quoted\" \\ path\n")).inc();

        assertThat(PrometheusTextFormat.render(registry))
                .contains("weird_total{value=\"a \\\"quoted\\\" \\\\ path\\n\"} 1\n");
    }

    @Test
    void labelNamesMustBePrometheusLabelNames() {
        assertThatThrownBy(() -> MetricNames.labelled("ingest.requests", "source-id", "sentry"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric ingest.requests: 'source-id' is not a label name");
        assertThatThrownBy(() -> MetricNames.labelled("ingest.requests", "source"))
                .hasMessageContaining("name/value pairs");
    }
}
