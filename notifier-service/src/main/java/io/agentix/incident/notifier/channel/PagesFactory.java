package io.agentix.incident.notifier.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code pages:} section: named page routes (a person's {@code page:} in the policy names one) and
 * the route for targets without one of their own.
 *
 * <pre>
 * pages:
 *   defaultRoute: oncall-pagerduty
 *   connectTimeout: 5s
 *   routes:
 *     mira: {type: webhook, url: https://pager.example.com/hooks/mira, secret: ${MIRA_PAGE_SECRET}}
 *     jonas: {type: slack, url: ${JONAS_SLACK_WEBHOOK_URL}}
 *     oncall-pagerduty: {type: pagerduty, routingKey: ${PD_ROUTING_KEY}}
 * </pre>
 */
public class PagesFactory {

    private String defaultRoute;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration connectTimeout = Duration.seconds(5);

    @Valid
    @NotNull
    private Map<String, PageRouteFactory> routes = new LinkedHashMap<>();

    /** The route for page targets with no route of their own; none when null. */
    @JsonProperty
    public String getDefaultRoute() {
        return defaultRoute;
    }

    @JsonProperty
    public void setDefaultRoute(String defaultRoute) {
        this.defaultRoute = defaultRoute;
    }

    /** Bound on opening a connection to any page endpoint. */
    @JsonProperty
    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    @JsonProperty
    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    @JsonProperty
    public Map<String, PageRouteFactory> getRoutes() {
        return routes;
    }

    @JsonProperty
    public void setRoutes(Map<String, PageRouteFactory> routes) {
        this.routes = routes;
    }
}
