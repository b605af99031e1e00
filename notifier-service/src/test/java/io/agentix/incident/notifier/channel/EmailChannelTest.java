package io.agentix.incident.notifier.channel;

import static io.agentix.incident.notifier.channel.TestNotifications.INCIDENT;
import static io.agentix.incident.notifier.channel.TestNotifications.aCustomerNotice;
import static io.agentix.incident.notifier.channel.TestNotifications.aTeamEmail;
import static io.agentix.incident.notifier.channel.TestNotifications.contact;
import static io.agentix.incident.notifier.channel.TestNotifications.emailDelivery;
import static io.agentix.incident.notifier.channel.TestNotifications.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The email channel against a real SMTP server (GreenMail), and a scripted one for refusals. */
class EmailChannelTest {

    private static final Instant NOW = Instant.parse("2026-03-15T09:31:07Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static GreenMail smtp;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @BeforeEach
    void emptyMailboxes() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
    }

    static EmailChannel.Settings settings(int port, EmailChannel.TlsMode tls, String user, String password,
                                          String trusted, Duration timeout) throws Exception {
        return new EmailChannel.Settings("127.0.0.1", port, tls, user, password, trusted, timeout, timeout,
                new InternetAddress("Agentix Incidents <incidents@agentixx.io>"), null,
                new InternetAddress("Agentix Support <support@agentixx.io>"), new InternetAddress("support@agentixx.io"),
                "agentixx.io");
    }

    private static EmailChannel channel(int port) throws Exception {
        return new EmailChannel(settings(port, EmailChannel.TlsMode.NONE, null, null, null, Duration.ofSeconds(5)), CLOCK);
    }

    private static EmailChannel channel() throws Exception {
        return channel(smtp.getSmtp().getPort());
    }

    /** The mail in one recipient's mailbox (GreenMail keeps a copy per recipient), exactly one. */
    private static MimeMessage onlyMailTo(String address) {
        List<MimeMessage> mails = smtp.findReceivedMessages(user -> user.getEmail().equals(address), m -> true).toList();
        assertThat(mails).as("mails to " + address).hasSize(1);
        return mails.get(0);
    }

    /**
     * Text content with the wire's CRLF line ends read back as LF, without the final line end (GreenMail
     * stores the message without the CRLF that precedes SMTP's closing dot).
     */
    private static String text(Object content) {
        return ((String) content).replace("\r\n", "\n").stripTrailing();
    }

    private static String header(MimeMessage mail, String name) throws Exception {
        String[] values = mail.getHeader(name);
        assertThat(values).as(name).isNotNull().hasSize(1);
        return values[0];
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "INITIAL_NOTICE    | [Agentix] Service Disruption — We’re Investigating",
            "STATUS_UPDATE     | [Agentix] Update on Service Disruption",
            "RESOLUTION_NOTICE | [Agentix] Service Restored"})
    void customerNoticeArrivesFromSupportWithItsSubjectRecipientsBodyAndTenantThread(NotificationKind kind,
                                                                                     String subject) throws Exception {
        Notification notice = aCustomerNotice(kind, "acme", subject).build();

        SendResult result = channel().send(emailDelivery(notice));

        MimeMessage mail = onlyMailTo("ops@acme.example");
        onlyMailTo("cto@acme.example");
        assertThat(mail.getSubject()).isEqualTo(subject);
        assertThat(mail.getFrom()).extracting(a -> ((InternetAddress) a).getAddress()).containsExactly("support@agentixx.io");
        assertThat(mail.getReplyTo()).extracting(a -> ((InternetAddress) a).getAddress()).containsExactly("support@agentixx.io");
        assertThat(mail.getRecipients(Message.RecipientType.TO)).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("ops@acme.example", "cto@acme.example");
        assertThat(text(mail.getContent())).isEqualTo(notice.getBody().stripTrailing());
        String expectedId = "<" + INCIDENT + "=3A" + kind + "=3A5@agentixx.io>";
        assertThat(header(mail, "Message-ID")).isEqualTo(expectedId);
        assertThat(header(mail, "In-Reply-To")).isEqualTo("<" + INCIDENT + ".customers.acme@agentixx.io>");
        assertThat(header(mail, "References")).isEqualTo("<" + INCIDENT + ".customers.acme@agentixx.io>");
        assertThat(header(mail, "Auto-Submitted")).isEqualTo("auto-generated");
        assertThat(mail.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(result.providerId()).isEqualTo(expectedId);
        assertThat(result.deliveredTo()).containsExactly("ops@acme.example", "cto@acme.example");
    }

    @Test
    void teamMailComesFromTheTeamSenderThreadsOnTheIncidentAndAppendsOnlyLinksTheBodyLacks() throws Exception {
        Notification opened = aTeamEmail().build();

        channel().send(emailDelivery(opened));

        MimeMessage mail = onlyMailTo("mira@agentix.example");
        assertThat(mail.getFrom()).extracting(a -> ((InternetAddress) a).getAddress())
                .containsExactly("incidents@agentixx.io");
        assertThat(mail.getHeader("Reply-To")).isNull();
        assertThat(((InternetAddress) mail.getRecipients(Message.RecipientType.TO)[0]).getPersonal())
                .isEqualTo("Mira Okafor");
        assertThat(header(mail, "In-Reply-To")).isEqualTo("<" + INCIDENT + "@agentixx.io>");
        assertThat(header(mail, "X-Incident-Id")).isEqualTo(INCIDENT);
        assertThat(header(mail, "X-Notification-Kind")).isEqualTo("INCIDENT_OPENED");
        String body = text(mail.getContent());
        assertThat(body).startsWith(opened.getBody().stripTrailing())
                .endsWith("Links:\n- Deployment Runbook: Rollback Procedures: runbooks/deployment.md#rollback-procedures");
        assertThat(body.split("https://sentry.io/issues/42", -1)).as("the body's own link is not repeated").hasSize(2);
    }

    @Test
    void everyMailOfAnIncidentJoinsOneThreadPerAudienceAndTenant() throws Exception {
        EmailChannel channel = channel();
        channel.send(emailDelivery(aTeamEmail().build()));
        channel.send(emailDelivery(aTeamEmail().setNotificationId(INCIDENT + ":ESCALATED:4")
                .setKind(NotificationKind.ESCALATED).setSubject("[P1 ESCALATED to cto] Database down").build()));
        channel.send(emailDelivery(aCustomerNotice(NotificationKind.INITIAL_NOTICE, "acme", "[Agentix] a").build()));
        channel.send(emailDelivery(aCustomerNotice(NotificationKind.RESOLUTION_NOTICE, "acme", "[Agentix] b")
                .setNotificationId(INCIDENT + ":RESOLUTION_NOTICE:9").build()));
        channel.send(emailDelivery(aCustomerNotice(NotificationKind.INITIAL_NOTICE, "globex", "[Agentix] c")
                .setNotificationId(INCIDENT + ":INITIAL_NOTICE:6").build()));

        List<String> threads = Arrays.stream(smtp.getReceivedMessages()).map(m -> {
            try {
                return m.getHeader("References")[0] + " " + m.getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).distinct().toList();
        assertThat(threads).containsExactlyInAnyOrder(
                "<" + INCIDENT + "@agentixx.io> [P1] " + INCIDENT + ": Database down",
                "<" + INCIDENT + "@agentixx.io> [P1 ESCALATED to cto] Database down",
                "<" + INCIDENT + ".customers.acme@agentixx.io> [Agentix] a",
                "<" + INCIDENT + ".customers.acme@agentixx.io> [Agentix] b",
                "<" + INCIDENT + ".customers.globex@agentixx.io> [Agentix] c");
        assertThat(Arrays.stream(smtp.getReceivedMessages()).map(m -> {
            try {
                return m.getMessageID();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).distinct()).as("each notification its own Message-ID").hasSize(5);
    }

    @Test
    void germanJapaneseAndEmojiInSubjectAndBodySurvive() throws Exception {
        String subject = "[P1] Störung: Zustellung verzögert — 配信遅延 🚨";
        String body = "Größere Störung bei Übermittlung.\n障害が発生しています。\nStatus: 🔥 → 🧯 ✅\n";
        Notification unicode = aTeamEmail().setSubject(subject).setBody(body).setLinks(List.of()).build();

        channel().send(emailDelivery(unicode));

        MimeMessage mail = onlyMailTo("mira@agentix.example");
        assertThat(mail.getSubject()).isEqualTo(subject);
        assertThat(text(mail.getContent())).isEqualTo(body.stripTrailing());
        assertThat(mail.getContentType()).containsIgnoringCase("charset=UTF-8");
    }

    @Test
    void postMortemDraftIsAttachedAsAUtf8TextPartNamedAfterTheFile() throws Exception {
        String draft = "# Post-mortem: Database down\n\nZeitleiste — タイムライン\n";
        Notification scheduled = aTeamEmail().setKind(NotificationKind.POSTMORTEM_SCHEDULED)
                .setAttachmentName("docs/runbooks/post-mortems/2026-03-15-database-down.md").setAttachment(draft).build();

        channel().send(emailDelivery(scheduled));

        MimeMessage mail = onlyMailTo("mira@agentix.example");
        MimeMultipart parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(text(parts.getBodyPart(0).getContent())).startsWith(scheduled.getBody().stripTrailing());
        Part attachment = parts.getBodyPart(1);
        assertThat(attachment.getDisposition()).isEqualTo(Part.ATTACHMENT);
        assertThat(attachment.getFileName()).isEqualTo("2026-03-15-database-down.md");
        assertThat(attachment.getContentType()).startsWith("text/markdown").containsIgnoringCase("UTF-8");
        assertThat(new String(attachment.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\r\n", "\n").stripTrailing()).isEqualTo(draft.stripTrailing());
    }

    @Test
    void subjectWithLineBreaksCannotAddHeaders() throws Exception {
        channel().send(emailDelivery(aTeamEmail().setSubject("Database down\r\nBcc: attacker@example.com").build()));

        MimeMessage mail = onlyMailTo("mira@agentix.example");
        assertThat(mail.getSubject()).isEqualTo("Database down Bcc: attacker@example.com");
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void authenticatedSendDeliversAndARefusedLoginIsPermanent() throws Exception {
        GreenMail secured = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        secured.getUserManager().setAuthRequired(true);
        secured.setUser("notifier@agentixx.io", "notifier", "s3cret");
        secured.start();
        try {
            int port = secured.getSmtp().getPort();
            EmailChannel good = new EmailChannel(settings(port, EmailChannel.TlsMode.NONE, "notifier", "s3cret", null,
                    Duration.ofSeconds(5)), CLOCK);
            EmailChannel bad = new EmailChannel(settings(port, EmailChannel.TlsMode.NONE, "notifier", "wrong", null,
                    Duration.ofSeconds(5)), CLOCK);

            good.send(emailDelivery(aTeamEmail().build()));
            assertThatThrownBy(() -> bad.send(emailDelivery(aTeamEmail().build())))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("refused");

            assertThat(secured.getReceivedMessages()).hasSize(1);
        } finally {
            secured.stop();
        }
    }

    @Test
    void tlsModeDeliversOverSmtps() throws Exception {
        GreenMail smtps = new GreenMail(ServerSetupTest.SMTPS.dynamicPort());
        smtps.start();
        EmailChannel tls = new EmailChannel(settings(smtps.getSmtps().getPort(), EmailChannel.TlsMode.TLS, null, null,
                "*", Duration.ofSeconds(5)), CLOCK);
        try {
            tls.send(emailDelivery(aTeamEmail().build()));

            assertThat(smtps.getReceivedMessages()).singleElement()
                    .satisfies(m -> assertThat(m.getSubject()).isEqualTo(aTeamEmail().build().getSubject()));
        } finally {
            // Closes the kept TLS connection (QUIT): GreenMail's stop waits for open TLS clients.
            tls.close();
            smtps.stop();
        }
    }

    @Test
    void tlsModeAgainstAPlainServerSendsNothingInClearText() throws Exception {
        EmailChannel tls = new EmailChannel(settings(smtp.getSmtp().getPort(), EmailChannel.TlsMode.TLS, null, null, "*",
                Duration.ofSeconds(2)), CLOCK);

        assertThatThrownBy(() -> tls.send(emailDelivery(aTeamEmail().build()))).isInstanceOf(DeliveryException.class);
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void startTlsIsRequiredSoAServerWithoutItGetsNothing() throws Exception {
        // GreenMail's SMTP does not offer STARTTLS: the channel must refuse rather than fall back to clear text.
        EmailChannel startTls = new EmailChannel(settings(smtp.getSmtp().getPort(), EmailChannel.TlsMode.STARTTLS, null,
                null, "*", Duration.ofSeconds(5)), CLOCK);

        assertThatThrownBy(() -> startTls.send(emailDelivery(aTeamEmail().build())))
                .isInstanceOf(DeliveryException.class).hasMessageContaining("STARTTLS");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void aServerThatIsDownIsRetryable() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }

        assertThatThrownBy(() -> channel(closedPort).send(emailDelivery(aTeamEmail().build())))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("127.0.0.1:" + closedPort);
    }

    @Test
    void aServerThatNeverAnswersTimesOutRetryably() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmailChannel impatient = new EmailChannel(settings(silent.getLocalPort(), EmailChannel.TlsMode.NONE, null, null,
                    null, Duration.ofMillis(300)), CLOCK);

            long start = System.nanoTime();
            assertThatThrownBy(() -> impatient.send(emailDelivery(aTeamEmail().build())))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void consecutiveMailsShareOneConnectionUntilItIdledTooLongOrCarriedItsShare() throws Exception {
        long[] nanos = {0};
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(a -> "250 ok", "250 ok")) {
            EmailChannel email = new EmailChannel(settings(server.port(), EmailChannel.TlsMode.NONE, null, null, null,
                    Duration.ofSeconds(5)), CLOCK, () -> nanos[0]);
            for (int i = 0; i < 3; i++) {
                email.send(emailDelivery(aTeamEmail().setNotificationId("n-" + i).build()));
            }
            assertThat(server.connections()).as("three mails, one connection").isEqualTo(1);
            assertThat(server.delivered()).hasSize(3);

            nanos[0] += EmailChannel.MAX_IDLE.toNanos() + 1;
            email.send(emailDelivery(aTeamEmail().setNotificationId("n-idle").build()));
            assertThat(server.connections()).as("idle too long: closed, not reused").isEqualTo(2);

            for (int i = 1; i < EmailChannel.MAX_MAILS_PER_CONNECTION; i++) {
                email.send(emailDelivery(aTeamEmail().setNotificationId("n-share-" + i).build()));
            }
            email.send(emailDelivery(aTeamEmail().setNotificationId("n-next").build()));
            assertThat(server.connections()).as("a connection carries at most its share").isEqualTo(3);
            email.close();
        }
    }

    @Test
    void aConnectionTheServerDroppedFailsOneAttemptRetryablyAndTheNextGetsANewOne() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(a -> "250 ok", "250 ok")) {
            EmailChannel email = channel(server.port());
            server.dropAfterData(true);
            email.send(emailDelivery(aTeamEmail().setNotificationId("n-1").build()));

            assertThatThrownBy(() -> email.send(emailDelivery(aTeamEmail().setNotificationId("n-2").build())))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
            email.send(emailDelivery(aTeamEmail().setNotificationId("n-2").build()));

            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.delivered()).hasSize(2);
        }
    }

    @Test
    void aFailedSendDoesNotReuseItsConnection() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(a -> "450 4.2.1 mailbox busy", "250 ok")) {
            EmailChannel email = channel(server.port());
            for (int i = 0; i < 2; i++) {
                String id = "n-" + i;
                assertThatThrownBy(() -> email.send(emailDelivery(aTeamEmail().setNotificationId(id).build())))
                        .isInstanceOf(DeliveryException.class);
            }
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void temporaryRecipientRefusalIsRetryable() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(a -> "450 4.2.1 mailbox busy", "250 ok")) {
            assertThatThrownBy(() -> channel(server.port()).send(emailDelivery(aTeamEmail().build())))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue())
                    .hasMessageContaining("450");
            assertThat(server.delivered()).isEmpty();
        }
    }

    @Test
    void permanentRefusalOfEveryRecipientIsPermanent() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(a -> "550 5.1.1 no such user", "250 ok")) {
            assertThatThrownBy(() -> channel(server.port()).send(emailDelivery(aTeamEmail().build())))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("550");
        }
    }

    @Test
    void mixedRefusalsWithATemporaryOneAreRetryable() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(
                a -> a.startsWith("ops") ? "550 5.1.1 no such user" : "451 4.3.0 try later", "250 ok")) {
            Notification notice = aCustomerNotice(NotificationKind.INITIAL_NOTICE, "acme", "[Agentix] x").build();

            assertThatThrownBy(() -> channel(server.port()).send(emailDelivery(notice)))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
        }
    }

    @Test
    void messageRefusedAfterDataIsPermanent() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(a -> "250 ok", "554 5.7.1 rejected as spam")) {
            assertThatThrownBy(() -> channel(server.port()).send(emailDelivery(aTeamEmail().build())))
                    .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("554");
        }
    }

    @Test
    void mailTakenForSomeRecipientsCountsAsDeliveredToThemSoARetryCannotDoubleIt() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(
                a -> a.startsWith("ops") ? "250 ok" : "550 5.1.1 no such user", "250 ok")) {
            Notification notice = aCustomerNotice(NotificationKind.INITIAL_NOTICE, "acme", "[Agentix] x").build();

            SendResult result = channel(server.port()).send(emailDelivery(notice));

            assertThat(result.deliveredTo()).containsExactly("ops@acme.example");
            assertThat(server.delivered()).containsExactly("ops@acme.example");
        }
    }

    @Test
    void invalidAddressIsPermanentAndNamesTheRecipient() throws Exception {
        Notification bad = aTeamEmail().setRecipients(List.of(contact("acme", "not an address"))).build();

        assertThatThrownBy(() -> channel().send(emailDelivery(bad)))
                .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("acme:not an address");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void sameRecipientTwiceGetsOneCopy() throws Exception {
        Notification twice = aTeamEmail().setRecipients(List.of(person("mira", "Mira"), person("mira", "Mira O."))).build();

        SendResult result = channel().send(emailDelivery(twice));

        assertThat(result.deliveredTo()).containsExactly("mira@agentix.example");
        onlyMailTo("mira@agentix.example");
    }

    @Test
    void messageIdLocalPartKeepsDistinctIdsDistinct() {
        assertThat(EmailChannel.localPart("inc-1:INITIAL_NOTICE:3")).isEqualTo("inc-1=3AINITIAL_NOTICE=3A3");
        assertThat(EmailChannel.localPart("a=3A")).isEqualTo("a=3D3A").isNotEqualTo(EmailChannel.localPart("a:"));
        assertThat(EmailChannel.localPart("n@mira")).isEqualTo("n=40mira");
        assertThat(EmailChannel.localPart("ü")).isEqualTo("=C3=BC");
    }

}
