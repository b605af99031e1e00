package io.agentix.incident.notifier.dev;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.validation.PortRange;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The {@code dev:} section: local captures instead of real mail and pagers ({@code bin/incident-engine dev}).
 *
 * <pre>
 * dev:
 *   smtpCapture: {enabled: true, port: 2525, directory: var/outbox}   # GET /outbox
 *   pageCapture: {enabled: true, directory: var/pages}                # GET /pages
 * </pre>
 * The notifier's {@code email:} then points at {@code localhost:2525} (tls NONE) and its page routes at
 * {@code type: capture} with the same directory.
 */
public class DevCaptureFactory {

    @Valid
    @NotNull
    private SmtpCapture smtpCapture = new SmtpCapture();

    @Valid
    @NotNull
    private PageCapture pageCapture = new PageCapture();

    /**
     * Starts the SMTP capture with the application (and stops it with it) and serves {@code GET /outbox}
     * and {@code GET /pages}, each when enabled. Register it before the delivery loop so the capture
     * listens before the first mail is sent.
     */
    public void register(Environment environment) {
        if (smtpCapture.isEnabled()) {
            Path directory = Path.of(smtpCapture.getDirectory());
            environment.lifecycle().manage(new DevSmtpCapture(smtpCapture.getBindAddress(), smtpCapture.getPort(),
                    directory, Clock.systemUTC()));
            environment.jersey().register(new OutboxResource(directory));
        }
        if (pageCapture.isEnabled()) {
            environment.jersey().register(new PagesResource(Path.of(pageCapture.getDirectory()),
                    environment.getObjectMapper()));
        }
    }

    @JsonProperty
    public SmtpCapture getSmtpCapture() {
        return smtpCapture;
    }

    @JsonProperty
    public void setSmtpCapture(SmtpCapture smtpCapture) {
        this.smtpCapture = smtpCapture;
    }

    @JsonProperty
    public PageCapture getPageCapture() {
        return pageCapture;
    }

    @JsonProperty
    public void setPageCapture(PageCapture pageCapture) {
        this.pageCapture = pageCapture;
    }

    /** {@code dev.smtpCapture}. */
    public static class SmtpCapture {

        private boolean enabled = true;

        @NotBlank
        private String bindAddress = "127.0.0.1";

        @PortRange
        private int port = 2525;

        @NotBlank
        private String directory = "var/outbox";

        @JsonProperty
        public boolean isEnabled() {
            return enabled;
        }

        @JsonProperty
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        @JsonProperty
        public String getBindAddress() {
            return bindAddress;
        }

        @JsonProperty
        public void setBindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
        }

        @JsonProperty
        public int getPort() {
            return port;
        }

        @JsonProperty
        public void setPort(int port) {
            this.port = port;
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

    /** {@code dev.pageCapture}. */
    public static class PageCapture {

        private boolean enabled = true;

        @NotBlank
        private String directory = "var/pages";

        @JsonProperty
        public boolean isEnabled() {
            return enabled;
        }

        @JsonProperty
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
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
}
