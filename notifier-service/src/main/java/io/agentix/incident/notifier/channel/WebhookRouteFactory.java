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
 * {@code type: webhook}: a signed generic JSON webhook ({@link WebhookPageChannel}).
 *
 * <pre>
 * mira: {type: webhook, url: https://pager.example.com/hooks/mira, secret: ${MIRA_PAGE_SECRET}}
 * </pre>
 */
@JsonTypeName("webhook")
public class WebhookRouteFactory extends PageRouteFactory {

    @NotNull
    private URI url;

    @NotBlank
    private String secret;

    @Override
    public DeliveryChannel build(String name, HttpClient http, Clock clock, ObjectMapper json) {
        return new WebhookPageChannel(name, http, url, getTimeout().toJavaDuration(), secret, clock, json);
    }

    @JsonProperty
    public URI getUrl() {
        return url;
    }

    @JsonProperty
    public void setUrl(URI url) {
        this.url = url;
    }

    /** The HMAC-SHA256 key shared with the receiver. */
    @JsonProperty
    public String getSecret() {
        return secret;
    }

    @JsonProperty
    public void setSecret(String secret) {
        this.secret = secret;
    }
}
