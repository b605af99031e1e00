package io.agentix.incident.notifier.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * {@code type: slack}: a Slack incoming webhook ({@link SlackPageChannel}). The URL is the secret.
 *
 * <pre>
 * jonas: {type: slack, url: ${JONAS_SLACK_WEBHOOK_URL}}
 * </pre>
 */
@JsonTypeName("slack")
public class SlackRouteFactory extends PageRouteFactory {

    @NotNull
    private URI url;

    @Override
    public DeliveryChannel build(String name, HttpClient http, Clock clock, ObjectMapper json) {
        return new SlackPageChannel(name, http, url, getTimeout().toJavaDuration(), json);
    }

    @JsonProperty
    public URI getUrl() {
        return url;
    }

    @JsonProperty
    public void setUrl(URI url) {
        this.url = url;
    }
}
