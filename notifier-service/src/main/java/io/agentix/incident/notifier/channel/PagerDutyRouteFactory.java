package io.agentix.incident.notifier.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * {@code type: pagerduty}: PagerDuty Events API v2 ({@link PagerDutyPageChannel}).
 *
 * <pre>
 * dana: {type: pagerduty, routingKey: ${DANA_PD_ROUTING_KEY}, source: agentix-prod}
 * </pre>
 * {@code url} defaults to {@code https://events.pagerduty.com/v2/enqueue} (EU accounts:
 * {@code https://events.eu.pagerduty.com/v2/enqueue}).
 */
@JsonTypeName("pagerduty")
public class PagerDutyRouteFactory extends PageRouteFactory {

    @NotNull
    private URI url = PagerDutyPageChannel.EVENTS_V2;

    @NotBlank
    private String routingKey;

    private String source = "incident-engine";

    @Override
    public DeliveryChannel build(String name, HttpClient http, Clock clock, ObjectMapper json) {
        return new PagerDutyPageChannel(name, http, url, getTimeout().toJavaDuration(), routingKey, source, json);
    }

    @JsonProperty
    public URI getUrl() {
        return url;
    }

    @JsonProperty
    public void setUrl(URI url) {
        this.url = url;
    }

    /** The integration key of the service's Events API v2 integration. */
    @JsonProperty
    public String getRoutingKey() {
        return routingKey;
    }

    @JsonProperty
    public void setRoutingKey(String routingKey) {
        this.routingKey = routingKey;
    }

    /** {@code payload.source}: where the problem is, as PagerDuty shows it. */
    @JsonProperty
    public String getSource() {
        return source;
    }

    @JsonProperty
    public void setSource(String source) {
        this.source = source;
    }
}
