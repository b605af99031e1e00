package io.agentix.incident.notifier.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Discoverable;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * One entry of {@code pages.routes}: where pages for one route name go. The {@code type} picks the
 * implementation ({@code webhook}, {@code slack}, {@code pagerduty}, {@code capture}); types are found the
 * Dropwizard way ({@link Discoverable}, listed in {@code META-INF/services}), so a new type is a class
 * and a line there.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public abstract class PageRouteFactory implements Discoverable {

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration timeout = Duration.seconds(10);

    /**
     * The channel for this route.
     *
     * @param name the route name (the channel's endpoint)
     * @param http the notifier's shared HTTP client (connect timeout set)
     * @param clock the clock signatures and capture times are taken from
     * @param json the mapper bodies are written with
     */
    public abstract DeliveryChannel build(String name, HttpClient http, Clock clock, ObjectMapper json);

    /** Bound on one request, from sending to the complete answer. */
    @JsonProperty
    public Duration getTimeout() {
        return timeout;
    }

    @JsonProperty
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }
}
