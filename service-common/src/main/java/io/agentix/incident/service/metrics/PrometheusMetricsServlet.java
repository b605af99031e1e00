package io.agentix.incident.service.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import com.codahale.metrics.MetricRegistry;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Serves a {@link MetricRegistry} in the Prometheus text format ({@link PrometheusTextFormat}), for
 * a Prometheus server to scrape from the admin port.
 */
public final class PrometheusMetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient MetricRegistry registry;

    public PrometheusMetricsServlet(MetricRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = PrometheusTextFormat.render(registry).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(PrometheusTextFormat.CONTENT_TYPE);
        response.setHeader("Cache-Control", "must-revalidate,no-cache,no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
