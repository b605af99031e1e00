package io.agentix.incident.notifier.dev;

import static io.agentix.incident.notifier.channel.TestNotifications.INCIDENT;
import static io.agentix.incident.notifier.channel.TestNotifications.aCustomerNotice;
import static io.agentix.incident.notifier.channel.TestNotifications.aPage;
import static io.agentix.incident.notifier.channel.TestNotifications.person;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.PageAction;
import io.agentix.incident.notifier.channel.Channels;
import io.agentix.incident.notifier.channel.ChannelsFactory;
import io.agentix.incident.notifier.channel.Delivery;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dev setup end to end in a real Dropwizard app: the {@code channels:} and {@code dev:} sections as
 * the notifier will carry them, mail sent through the email channel into the SMTP capture on its port,
 * pages through the {@code capture} route, both read back over HTTP at {@code /outbox} and {@code /pages}.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class DevCaptureTest {

    /** The two sections the lead wires into NotifierConfiguration. */
    public static class DevConfiguration extends Configuration {
        @Valid
        @NotNull
        public ChannelsFactory channels = new ChannelsFactory();

        @Valid
        @NotNull
        public DevCaptureFactory dev = new DevCaptureFactory();
    }

    /** Wires them as NotifierApplication will. */
    public static class DevApplication extends Application<DevConfiguration> {
        static volatile Channels channels;

        @Override
        public void run(DevConfiguration configuration, Environment environment) {
            configuration.dev.register(environment);
            channels = configuration.channels.build(environment);
        }
    }

    private static final Path WORK = temporaryDirectory();
    private static final int SMTP_PORT = freePort();

    @Order(1)
    static final DropwizardAppExtension<DevConfiguration> APP = new DropwizardAppExtension<>(DevApplication.class,
            ResourceHelpers.resourceFilePath("dev-capture.yml"),
            ConfigOverride.config("server.applicationConnectors[0].port", "0"),
            ConfigOverride.config("server.adminConnectors[0].port", "0"),
            ConfigOverride.config("channels.email.port", Integer.toString(SMTP_PORT)),
            ConfigOverride.config("dev.smtpCapture.port", Integer.toString(SMTP_PORT)),
            ConfigOverride.config("dev.smtpCapture.directory", WORK.resolve("outbox").toString()),
            ConfigOverride.config("dev.pageCapture.directory", WORK.resolve("pages").toString()),
            ConfigOverride.config("channels.pages.routes.capture.directory", WORK.resolve("pages").toString()));

    private static final ObjectMapper JSON = Jackson.newObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("dev-capture");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + APP.getLocalPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static void deliver(Notification notification) throws Exception {
        for (Delivery delivery : DevApplication.channels.plan(notification)) {
            DevApplication.channels.channel(delivery.endpoint()).send(delivery);
        }
    }

    @Test
    void mailsAreStoredAsEmlOncePerMailAndListedNewestLastAtOutbox() throws Exception {
        String subject = "[Agentix] Service Disruption — We’re Investigating 🚨";
        deliver(aCustomerNotice(NotificationKind.INITIAL_NOTICE, "acme", subject).build());
        deliver(aCustomerNotice(NotificationKind.STATUS_UPDATE, "acme", "[Agentix] Update on Service Disruption")
                .setNotificationId(INCIDENT + ":STATUS_UPDATE:7").build());

        List<Path> files;
        try (Stream<Path> listing = Files.list(WORK.resolve("outbox"))) {
            files = listing.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        assertThat(files).as("one file per mail, though each has two recipients").hasSize(2);
        assertThat(Files.readString(files.get(0), StandardCharsets.ISO_8859_1)).contains("Message-ID: <" + INCIDENT
                + "=3AINITIAL_NOTICE=3A5@agentixx.io>");

        JsonNode outbox = get("/outbox");
        assertThat(outbox).hasSize(2);
        JsonNode first = outbox.get(0);
        assertThat(first.get("subject").asText()).isEqualTo(subject);
        assertThat(first.get("to")).extracting(JsonNode::asText).containsExactly("ops@acme.example", "cto@acme.example");
        assertThat(first.get("file").asText()).isEqualTo(files.get(0).toString());
        assertThat(first.get("receivedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(outbox.get(1).get("subject").asText()).isEqualTo("[Agentix] Update on Service Disruption");
        assertThat(outbox.get(0).get("receivedAt").asText()).isLessThanOrEqualTo(outbox.get(1).get("receivedAt").asText());
    }

    @Test
    void pagesGoToTheCaptureRouteAndAreListedAtPages() throws Exception {
        deliver(aPage().setRecipients(List.of(person("mira", "Mira Okafor"), person("jonas", "Jonas Weber"))).build());
        deliver(aPage().setNotificationId(INCIDENT + ":INCIDENT_ACKNOWLEDGED:9").setKind(NotificationKind.INCIDENT_ACKNOWLEDGED)
                .setPageAction(PageAction.ACKNOWLEDGE).setSubject("Acknowledged by Mira").setBody("Mira is on it.").build());

        JsonNode pages = get("/pages");
        assertThat(pages).hasSize(2);
        JsonNode first = pages.get(0);
        assertThat(first.get("recipientRole").asText()).isEqualTo("on-call");
        assertThat(first.get("recipients")).extracting(JsonNode::asText).containsExactly("mira", "jonas");
        assertThat(first.get("kind").asText()).isEqualTo("INCIDENT_OPENED");
        assertThat(first.get("incidentId").asText()).isEqualTo(INCIDENT);
        assertThat(first.get("text").asText()).isEqualTo("[P1] " + INCIDENT + ": Database down\n\nDatabase down. Respond by 09:45 UTC.");
        assertThat(first.get("deliveryId").asText()).isEqualTo(INCIDENT + ":INCIDENT_OPENED:2@capture");
        assertThat(pages.get(1).get("kind").asText()).isEqualTo("INCIDENT_ACKNOWLEDGED");
        assertThat(pages.get(1).get("pageAction").asText()).isEqualTo("ACKNOWLEDGE");
    }
}
