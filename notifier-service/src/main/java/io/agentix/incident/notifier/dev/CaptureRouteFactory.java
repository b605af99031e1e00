package io.agentix.incident.notifier.dev;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentix.incident.notifier.channel.DeliveryChannel;
import io.agentix.incident.notifier.channel.PageRouteFactory;
import jakarta.validation.constraints.NotBlank;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code type: capture}: the dev page route, writing each page as a JSON file ({@link CapturePageChannel}).
 * Use the same directory as {@code dev.pageCapture.directory} so {@code GET /pages} lists them.
 *
 * <pre>
 * pages:
 *   defaultRoute: capture
 *   routes:
 *     capture: {type: capture, directory: var/pages}
 * </pre>
 */
@JsonTypeName("capture")
public class CaptureRouteFactory extends PageRouteFactory {

    @NotBlank
    private String directory = "var/pages";

    @Override
    public DeliveryChannel build(String name, HttpClient http, Clock clock, ObjectMapper json) {
        return new CapturePageChannel(name, Path.of(directory), clock, json);
    }

    @JsonProperty
    public String getDirectory() {
        return directory;
    }

    @JsonProperty
    public void setDirectory(String directory) {
        this.directory = directory;
    }
}
