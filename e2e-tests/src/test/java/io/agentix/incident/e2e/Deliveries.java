package io.agentix.incident.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;

import io.agentix.incident.events.DeliveryStatus;
import io.agentix.incident.events.NotificationReceipt;
import io.agentix.incident.testing.KafkaCluster;
import io.agentix.incident.testing.TopicRecords;
import io.agentix.incident.topics.TopicSpec;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;

/**
 * What left the engine, as the outside saw it: the mailboxes of the test's GreenMail, the pages at the test's
 * receiver, and the receipts on {@code notification-receipts} as written (read raw, not compacted, so a
 * second receipt for one delivery would show).
 */
final class Deliveries {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final GreenMail smtp;
    private final PageReceiver pages;
    private final KafkaCluster kafka;
    private final TopicSpec<String, NotificationReceipt> receipts;

    Deliveries(GreenMail smtp, PageReceiver pages, KafkaCluster kafka, TopicSpec<String, NotificationReceipt> receipts) {
        this.smtp = smtp;
        this.pages = pages;
        this.kafka = kafka;
        this.receipts = receipts;
    }

    /** What GreenMail delivered to {@code address}'s inbox (empty when nothing ever was). */
    List<MimeMessage> mailbox(String address) {
        GreenMailUser user = smtp.getUserManager().getUserByEmail(address);
        if (user == null) {
            return List.of();
        }
        try {
            List<MimeMessage> mails = new ArrayList<>();
            for (StoredMessage stored : smtp.getManagers().getImapHostManager().getInbox(user).getMessages()) {
                mails.add(stored.getMimeMessage());
            }
            return mails;
        } catch (FolderException e) {
            throw new IllegalStateException("cannot read the inbox of " + address, e);
        }
    }

    /** Every copy GreenMail holds (one per mailbox) of the incident's mail of {@code kind}. */
    List<MimeMessage> mails(String incidentId, String kind) {
        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            if (incidentId.equals(header(mail, "X-Incident-Id")) && kind.equals(header(mail, "X-Notification-Kind"))) {
                mails.add(mail);
            }
        }
        return mails;
    }

    /** True when the mailbox of each of {@code addresses} holds the incident's mail of {@code kind}. */
    boolean reachedEveryMailbox(String incidentId, String kind, Set<String> addresses) {
        for (String address : addresses) {
            if (mailbox(address).stream().noneMatch(mail -> incidentId.equals(header(mail, "X-Incident-Id"))
                    && kind.equals(header(mail, "X-Notification-Kind")))) {
                return false;
            }
        }
        return true;
    }

    List<PageReceiver.Page> pages(String incidentId, String kind) {
        return pages.pages().stream().filter(page -> page.body().get("incidentId").asText().equals(incidentId)
                && page.kind().equals(kind)).toList();
    }

    /** The people whose route received the incident's page of {@code kind}. */
    Set<String> paged(String incidentId, String kind) {
        Set<String> people = new HashSet<>();
        pages(incidentId, kind).forEach(page -> people.add(page.person()));
        return people;
    }

    /** The incident's receipts as written, by notification id. */
    Map<String, List<NotificationReceipt>> receipts(String incidentId) {
        return receiptsByIncident().getOrDefault(incidentId, Map.of());
    }

    /** Every receipt as written, by incident id and then notification id: one read of the topic for many incidents. */
    Map<String, Map<String, List<NotificationReceipt>>> receiptsByIncident() {
        Map<String, Map<String, List<NotificationReceipt>>> byIncident = new HashMap<>();
        for (ConsumerRecord<String, NotificationReceipt> record : TopicRecords.readAll(kafka, receipts.name(),
                receipts.keyDeserializer(), receipts.valueDeserializer(), READ_TIMEOUT)) {
            byIncident.computeIfAbsent(record.value().getIncidentId(), k -> new HashMap<>())
                    .computeIfAbsent(record.value().getNotificationId(), k -> new ArrayList<>()).add(record.value());
        }
        return byIncident;
    }

    /** True when every delivery of every notification on the incident (GET /incidents/{id}) has a receipt. */
    boolean everyDeliveryHasAReceipt(JsonNode incident) {
        return everyDeliveryHasAReceipt(incident, receipts(incident.get("incidentId").asText()));
    }

    /** As {@link #everyDeliveryHasAReceipt(JsonNode)}, against the incident's receipts read before. */
    static boolean everyDeliveryHasAReceipt(JsonNode incident, Map<String, List<NotificationReceipt>> written) {
        for (JsonNode notification : list(incident.get("notifications"))) {
            Set<String> endpoints = new HashSet<>();
            written.getOrDefault(notification.get("notificationId").asText(), List.of())
                    .forEach(receipt -> endpoints.add(receipt.getEndpoint()));
            if (!endpoints.containsAll(endpointsOf(notification))) {
                return false;
            }
        }
        return true;
    }

    /**
     * One SENT receipt per delivery (the SMTP send, or each person's page route) and no other receipt; each
     * mail once in each recipient's mailbox and nowhere else; each page once at each recipient's route, signed.
     */
    void assertEachDeliveryHappenedOnce(JsonNode incident) {
        assertEachDeliveryHappenedOnce(incident, receipts(incident.get("incidentId").asText()));
        assertThat(list(incident.get("notifications"))).extracting(n -> n.get("channel").asText()).contains("EMAIL", "PAGE");
    }

    /**
     * As {@link #assertEachDeliveryHappenedOnce(JsonNode)}, against the incident's receipts read before, and for an
     * incident that may have notifications of one channel only.
     */
    void assertEachDeliveryHappenedOnce(JsonNode incident, Map<String, List<NotificationReceipt>> written) {
        String id = incident.get("incidentId").asText();
        List<JsonNode> notifications = list(incident.get("notifications"));
        Set<String> notificationIds = new HashSet<>();
        notifications.forEach(notification -> notificationIds.add(notification.get("notificationId").asText()));
        assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(notificationIds);

        Map<String, Integer> copies = new HashMap<>();
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            if (id.equals(header(mail, "X-Incident-Id"))) {
                copies.merge(header(mail, "X-Notification-Id"), 1, Integer::sum);
            }
        }
        List<PageReceiver.Page> incidentPages = pages.pages().stream()
                .filter(page -> page.body().get("incidentId").asText().equals(id)).toList();
        assertThat(incidentPages).allSatisfy(page -> assertThat(page.signatureValid())
                .as("X-Signature of " + page.deliveryId()).isTrue());
        assertThat(incidentPages).extracting(PageReceiver.Page::deliveryId).as("each page delivered once")
                .doesNotHaveDuplicates();

        for (JsonNode notification : notifications) {
            String notificationId = notification.get("notificationId").asText();
            List<JsonNode> recipients = list(notification.get("recipients"));
            List<NotificationReceipt> forOne = written.get(notificationId);
            assertThat(forOne).extracting(NotificationReceipt::getEndpoint).as(notification.toString())
                    .containsExactlyInAnyOrderElementsOf(endpointsOf(notification));
            assertThat(forOne).allSatisfy(receipt -> assertThat(receipt.getStatus()).as(receipt.toString())
                    .isEqualTo(DeliveryStatus.SENT));
            if (notification.get("channel").asText().equals("EMAIL")) {
                // GreenMail keeps one copy per mailbox: one in each recipient's, and none anywhere else.
                for (JsonNode recipient : recipients) {
                    assertThat(mailbox(recipient.get("email").asText())).as(notificationId + " to " + recipient)
                            .filteredOn(mail -> notificationId.equals(header(mail, "X-Notification-Id"))).hasSize(1);
                }
                assertThat(copies.get(notificationId)).as(notificationId).isEqualTo(recipients.size());
            } else {
                assertThat(incidentPages).filteredOn(page -> page.notificationId().equals(notificationId))
                        .extracting(PageReceiver.Page::person).as(notificationId)
                        .containsExactlyInAnyOrderElementsOf(endpointsOf(notification));
            }
        }
    }

    /** Asserts that no page fell to the notifier's default (capture) route: every person has a route of their own. */
    static void assertNothingCaptured(Path captureDirectory) {
        try (Stream<Path> captured = Files.list(captureDirectory)) {
            assertThat(captured).as("pages that fell to the capture route").isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mail's plain text, decoded (the channel sends it quoted-printable, possibly beside an attachment). */
    static String text(MimeMessage mail) {
        try {
            Object content = mail.getContent();
            if (content instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    if (multipart.getBodyPart(i).isMimeType("text/plain")) {
                        return (String) multipart.getBodyPart(i).getContent();
                    }
                }
                throw new AssertionError("no text/plain part in " + header(mail, "X-Notification-Id"));
            }
            return (String) content;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot read the mail's text", e);
        }
    }

    static String header(MimeMessage mail, String name) {
        try {
            return mail.getHeader(name, null);
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot read header " + name, e);
        }
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    /** Where a notification is delivered: {@code smtp} for mail, each recipient's page route for a page. */
    private static List<String> endpointsOf(JsonNode notification) {
        if (notification.get("channel").asText().equals("EMAIL")) {
            return List.of("smtp");
        }
        return list(notification.get("recipients")).stream().map(r -> r.get("pageTarget").asText()).toList();
    }
}
