package io.agentix.incident.notifier.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.lifecycle.Managed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The notifier's channels section: {@code email:} (optional: without it email notifications are rejected)
 * and {@code pages:}.
 *
 * <pre>
 * channels:
 *   email: {host: localhost, port: 2525, tls: NONE}
 *   pages:
 *     defaultRoute: capture
 *     routes:
 *       capture: {type: capture, directory: var/pages}
 * </pre>
 *
 * <p>{@link #build(Environment)} builds {@link ConfiguredChannels} and closes them when the application
 * stops. Route names must be unique, must not be {@code smtp}, and the default route must be one of them;
 * a mistake fails at start-up, naming it.
 */
public class ChannelsFactory {

    @Valid
    private EmailFactory email;

    @Valid
    @NotNull
    private PagesFactory pages = new PagesFactory();

    /** Builds the channels and registers their closing with the application's lifecycle. */
    public Channels build(Environment environment) {
        ConfiguredChannels channels = build(Clock.systemUTC(), environment.getObjectMapper());
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                channels.close();
            }
        });
        return channels;
    }

    /** Builds the channels without an application (tests, tools); the caller closes them. */
    public ConfiguredChannels build(Clock clock) {
        return build(clock, Jackson.newObjectMapper());
    }

    /** Builds the channels with the given clock and JSON mapper; the caller closes them. */
    public ConfiguredChannels build(Clock clock, ObjectMapper json) {
        // One client for every route: it pools connections per host. HTTP/1.1 because webhook receivers on
        // plain http often mishandle the h2c upgrade; redirects are not followed (a page URL that moved is
        // a configuration error to see, not to follow silently).
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(pages.getConnectTimeout().toJavaDuration())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        Map<String, DeliveryChannel> routes = new LinkedHashMap<>();
        pages.getRoutes().forEach((name, route) -> {
            if (route == null) {
                throw new IllegalArgumentException("page route '" + name + "' has no settings (type is required)");
            }
            routes.put(name, route.build(name, http, clock, json));
        });
        String defaultRoute = pages.getDefaultRoute() == null || pages.getDefaultRoute().isBlank()
                ? null : pages.getDefaultRoute();
        return new ConfiguredChannels(email == null ? null : email.build(clock), routes, defaultRoute);
    }

    @JsonProperty
    public EmailFactory getEmail() {
        return email;
    }

    @JsonProperty
    public void setEmail(EmailFactory email) {
        this.email = email;
    }

    @JsonProperty
    public PagesFactory getPages() {
        return pages;
    }

    @JsonProperty
    public void setPages(PagesFactory pages) {
        this.pages = pages;
    }
}
