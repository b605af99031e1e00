package io.agentix.incident.notifier.delivery;

import static io.agentix.incident.events.TestEvents.aNotification;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.events.Severity;
import io.agentix.incident.notifier.channel.Delivery;

class DigestPageTest {

    private static final Instant WINDOW = Instant.parse("2026-03-15T09:30:00Z");

    @Test
    void foldsPagesIntoOneWithTheirLinesTheHighestSeverityAndEveryRecipient() {
        Recipient mira = Recipient.newBuilder().setId("mira").setPageTarget("mira").build();
        Recipient jonas = Recipient.newBuilder().setId("jonas").setPageTarget("mira").build();
        List<Delivery> folded = List.of(
                page("inc-1", Severity.P3, "Builder slow", mira),
                page("inc-2", Severity.P1, "Inbox down", mira),
                page("inc-3", Severity.P2, "Webhooks failing", jonas));

        Delivery digest = DigestPage.of("mira", WINDOW, Duration.ofMinutes(1), folded);

        assertThat(digest.deliveryId()).isEqualTo("digest:mira:" + WINDOW.toEpochMilli() + "@mira");
        assertThat(digest.endpoint()).isEqualTo("mira");
        assertThat(digest.notification().getNotificationId()).isEqualTo("digest:mira:" + WINDOW.toEpochMilli());
        assertThat(digest.notification().getSubject()).isEqualTo("3 more pages in the last minute");
        assertThat(digest.notification().getBody()).isEqualTo(
                "P3 inc-1: Builder slow\nP1 inc-2: Inbox down\nP2 inc-3: Webhooks failing\n");
        assertThat(digest.notification().getSeverity()).isEqualTo(Severity.P1);
        assertThat(digest.notification().getChannel()).isEqualTo(Channel.PAGE);
        assertThat(digest.recipients()).extracting(Recipient::getId).containsExactly("mira", "jonas");
        assertThat(digest.notification().getCreatedAt()).isEqualTo(WINDOW.plusSeconds(60));
    }

    @Test
    void namesOtherWindowsInTheSubject() {
        assertThat(DigestPage.subject(1, Duration.ofMinutes(5))).isEqualTo("1 more page in the last 5 minutes");
        assertThat(DigestPage.subject(7, Duration.ofSeconds(30))).isEqualTo("7 more pages in the last 30 seconds");
    }

    static Delivery page(String incidentId, Severity severity, String subject, Recipient recipient) {
        return new Delivery(incidentId + "/ESCALATED/1@mira", aNotification()
                .setNotificationId(incidentId + "/ESCALATED/1").setIncidentId(incidentId).setChannel(Channel.PAGE)
                .setSeverity(severity).setSubject(subject).setRecipients(List.of(recipient)).build(),
                "mira", List.of(recipient));
    }
}
