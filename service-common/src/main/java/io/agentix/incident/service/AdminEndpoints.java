package io.agentix.incident.service;

import io.agentix.incident.service.metrics.PrometheusMetricsServlet;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.metrics.servlets.HealthCheckServlet;

/**
 * The admin-port endpoints every service adds to Dropwizard's own ({@code /healthcheck},
 * {@code /metrics}, {@code /ping}, {@code /threads}):
 * <ul>
 *   <li>{@value #HEALTH} — the same health checks as {@code /healthcheck} (200 when all are healthy,
 *       500 otherwise), under the name uptime monitors and orchestrators usually probe;</li>
 *   <li>{@value #PROMETHEUS} — the metric registry in Prometheus text format.</li>
 * </ul>
 */
public final class AdminEndpoints {

    public static final String HEALTH = "/health";
    public static final String PROMETHEUS = "/metrics/prometheus";

    private AdminEndpoints() {
    }

    public static void registerWith(Environment environment) {
        environment.admin().addServlet("health", new HealthCheckServlet(environment.healthChecks()))
                .addMapping(HEALTH);
        environment.admin().addServlet("prometheus", new PrometheusMetricsServlet(environment.metrics()))
                .addMapping(PROMETHEUS);
    }
}
