package io.agentix.incident.notifier.kafka;

import static io.agentix.incident.events.TestEvents.aNotification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.DeliveryStatus;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationReceipt;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.notifier.channel.ChannelsFactory;
import io.agentix.incident.notifier.channel.ConfiguredChannels;
import io.agentix.incident.notifier.delivery.DeliveryListener;
import io.agentix.incident.notifier.delivery.DeliverySettings;
import io.agentix.incident.notifier.delivery.ManualClock;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.mail.internet.MimeMessage;

/**
 * Issue 5's delivery guarantees with the real channels: mail over SMTP to GreenMail and pages over HTTP to
 * a local receiver, through the consumer loop on a real broker. A crash after the mail went out and before
 * the offset commit does not send it again; SMTP down for a minute loses and doubles nothing; an endpoint
 * that keeps failing ends in a FAILED receipt without holding back mail of other incidents. Backoffs run
 * on a {@link ManualClock}; nothing sleeps.
 */
class RealChannelsDeliveryTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final Duration WAIT = LoopTopics.WAIT;
    /** 5 attempts from 1 s to 10 s, breaker after 3 failures for 30 s, 5 pages a minute. */
    private static final DeliverySettings SETTINGS = new DeliverySettings(5, Duration.ofSeconds(1),
            Duration.ofSeconds(10), 0.2, 3, Duration.ofSeconds(30), 1000, 5, Duration.ofMinutes(1));

    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-15T09:30:01Z"));
    private final List<NotificationLoop> loops = new ArrayList<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private GreenMail smtp;
    private LoopTopics kafka;

    @AfterEach
    void stop() throws Exception {
        for (NotificationLoop loop : loops) {
            loop.stop();
        }
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aCrashAfterTheMailWentOutAndBeforeTheCommitDoesNotSendItAgain() throws Exception {
        setUp("crash");
        int port = startSmtp(0);
        ConfiguredChannels channels = channels(port, null);
        AtomicBoolean crashed = new AtomicBoolean();
        NotificationLoop first = start(channels, offsets -> {
            if (crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("killed after the receipt, before the commit of " + offsets);
            }
        });

        publish(mail("INC-1", 1, "Posteingang gestört — 受信箱の障害 🔥"));
        await().atMost(WAIT).until(() -> first.failure() != null);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(committed()).as("the killed loop committed nothing").isEmpty();
        first.stop();

        NotificationLoop restarted = start(channels, NotificationLoop.CommitHook.NONE);
        await().atMost(WAIT).until(() -> committed().getOrDefault(0, -1L) == 1L);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).as("one mail, not two").hasSize(1);
        assertThat(received[0].getSubject()).isEqualTo("Posteingang gestört — 受信箱の障害 🔥");
        assertThat(received[0].getMessageID()).contains("INC-1");
        assertThat(readReceipts()).singleElement().satisfies(receipt -> {
            assertThat(receipt.getStatus()).isEqualTo(DeliveryStatus.SENT);
            assertThat(receipt.getProviderId()).isEqualTo(received[0].getMessageID());
        });
        assertThat(restarted.failure()).isNull();
    }

    @Test
    void smtpDownForAMinuteLosesNothingAndDoublesNothing() throws Exception {
        setUp("smtp-down");
        // A port outside the ephemeral range: no client connection can take it while the server is away.
        int port = FreePorts.pick();
        NotificationLoop loop = start(channels(port, null), NotificationLoop.CommitHook.NONE);
        List<String> ids = new ArrayList<>();
        for (int incident = 1; incident <= 3; incident++) {
            for (int sequence = 1; sequence <= 2; sequence++) {
                Notification mail = mail("INC-" + incident, sequence, "Incident " + incident + " update " + sequence);
                ids.add(mail.getNotificationId());
                publish(mail);
            }
        }

        // A minute of the clock passes with the server away: attempts fail and are parked, none is dropped.
        Instant downSince = clock.instant();
        await().atMost(WAIT).until(() -> {
            clock.advance(Duration.ofSeconds(5));
            return Duration.between(downSince, clock.instant()).compareTo(Duration.ofSeconds(65)) >= 0;
        });
        assertThat(readReceipts()).as("parked for later, not failed").isEmpty();
        assertThat(loop.breakerStates()).containsKey("smtp");

        startSmtp(port);
        await().atMost(WAIT).until(() -> {
            clock.advance(Duration.ofSeconds(5));
            return readReceipts().size() >= ids.size();
        });

        assertThat(readReceipts()).hasSize(ids.size())
                .allSatisfy(receipt -> assertThat(receipt.getStatus()).isEqualTo(DeliveryStatus.SENT))
                .anySatisfy(receipt -> assertThat(receipt.getAttempts()).isGreaterThan(1));
        List<String> received = new ArrayList<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            received.add(message.getHeader("X-Notification-Id", null));
        }
        assertThat(received).as("every mail once").containsExactlyInAnyOrderElementsOf(ids);
        for (int incident = 1; incident <= 3; incident++) {
            assertThat(received.indexOf("INC-" + incident + ":m:1")).as("incident order")
                    .isLessThan(received.indexOf("INC-" + incident + ":m:2"));
        }
        await().atMost(WAIT).until(() -> committed().getOrDefault(0, -1L) == ids.size());
    }

    @Test
    void anEndpointThatKeepsFailingEndsInAFailedReceiptWithoutHoldingBackOtherIncidents() throws Exception {
        setUp("dead-endpoint");
        int port = startSmtp(0);
        AtomicInteger pageRequests = new AtomicInteger();
        HttpServer pager = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        pager.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            pageRequests.incrementAndGet();
            byte[] answer = "pager is down".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        pager.start();
        closeables.add(() -> pager.stop(0));
        start(channels(port, "http://127.0.0.1:" + pager.getAddress().getPort() + "/page"),
                NotificationLoop.CommitHook.NONE);

        publish(page("INC-1"));
        publish(mail("INC-2", 1, "Another incident's notice"));

        // The clock stands still: the page waits for its backoff while the other incident's mail goes out.
        await("the mail is not stuck behind the failing page").atMost(WAIT).until(() -> readReceipts().stream()
                .anyMatch(receipt -> receipt.getNotificationId().equals("INC-2:m:1")));
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(readReceipts()).noneMatch(receipt -> receipt.getNotificationId().equals("INC-1:p:1"));

        await().atMost(WAIT).until(() -> {
            clock.advance(Duration.ofSeconds(10));
            return readReceipts().size() >= 2;
        });
        Map<String, NotificationReceipt> receipts = new HashMap<>();
        readReceipts().forEach(receipt -> receipts.put(receipt.getNotificationId(), receipt));
        assertThat(receipts.get("INC-1:p:1")).satisfies(receipt -> {
            assertThat(receipt.getStatus()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(receipt.getAttempts()).isEqualTo(SETTINGS.maxAttempts());
            assertThat(receipt.getEndpoint()).isEqualTo("mira");
            assertThat(receipt.getError()).contains("503");
        });
        assertThat(pageRequests.get()).isEqualTo(SETTINGS.maxAttempts());
        assertThat(receipts.get("INC-2:m:1").getStatus()).isEqualTo(DeliveryStatus.SENT);
        await().atMost(WAIT).until(() -> committed().getOrDefault(0, -1L) == 2L);
    }

    // ---- fixtures ----

    private void setUp(String name) {
        kafka = new LoopTopics(KAFKA.cluster(), "notifier-real-" + name, 1);
    }

    /** Starts GreenMail's SMTP on {@code port} (0: a free one) and returns the port. */
    private int startSmtp(int port) {
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp.getSmtp().getPort();
    }

    /** The channels as the notifier's YAML builds them: SMTP on {@code smtpPort}, a webhook route for mira. */
    private ConfiguredChannels channels(int smtpPort, String pageUrl) throws Exception {
        String yaml = """
                email: {host: 127.0.0.1, port: %d, tls: NONE, timeout: 5s, connectTimeout: 2s}
                pages:
                  routes:
                    mira: {type: webhook, url: "%s", secret: test-secret, timeout: 2s}
                """.formatted(smtpPort, pageUrl == null ? "http://127.0.0.1:9/unused" : pageUrl);
        ChannelsFactory factory = new YamlConfigurationFactory<>(ChannelsFactory.class, Validators.newValidator(),
                Jackson.newObjectMapper(), "dw")
                .build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "channels.yml");
        ConfiguredChannels channels = factory.build(clock);
        closeables.add(channels);
        return channels;
    }

    private NotificationLoop start(ConfiguredChannels channels, NotificationLoop.CommitHook hook) throws Exception {
        NotificationLoop loop = kafka.start(channels, SETTINGS, clock, DeliveryListener.NONE, hook);
        loops.add(loop);
        return loop;
    }

    private void publish(Notification notification) {
        kafka.publish(notification);
    }

    private List<NotificationReceipt> readReceipts() {
        return kafka.readReceipts();
    }

    private Map<Integer, Long> committed() throws Exception {
        return kafka.committed();
    }

    private static Notification mail(String incidentId, int sequence, String subject) {
        return aNotification().setIncidentId(incidentId).setNotificationId(incidentId + ":m:" + sequence)
                .setChannel(Channel.EMAIL).setSubject(subject).setAttachment(null).setAttachmentName(null).build();
    }

    private static Notification page(String incidentId) {
        return aNotification().setIncidentId(incidentId).setNotificationId(incidentId + ":p:1")
                .setChannel(Channel.PAGE).setRecipientRole("on-call")
                .setRecipients(List.of(Recipient.newBuilder().setId("mira").setName("Mira")
                        .setEmail("mira@agentix.example").setPageTarget("mira").build()))
                .build();
    }
}
