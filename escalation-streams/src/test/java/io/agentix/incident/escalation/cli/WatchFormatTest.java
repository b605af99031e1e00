package io.agentix.incident.escalation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.agentix.incident.events.Audience;
import io.agentix.incident.events.Channel;
import io.agentix.incident.events.EscalationReason;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TestEvents;
import io.agentix.incident.json.AvroJson;

/** The watch lines, at a fixed time in a zone that is not UTC (lines are in the operator's local time). */
class WatchFormatTest {

    private static final Instant NOW = Instant.parse("2026-11-29T09:50:00Z");
    private static final WatchFormat FORMAT = new WatchFormat(
            new Readable(Clock.fixed(NOW, ZoneId.of("Europe/Berlin"))),
            id -> Map.of("mira", "Mira Okafor", "jonas", "Jonas Weber").getOrDefault(id, id));

    @Test
    void anEscalationSaysToWhomAndWhyInLocalTime() {
        var escalation = TestEvents.anEscalation().setIncidentId("INC-20261129-0001").setSeverity(Severity.P1)
                .setToRole("cto").setToPeople(List.of("mira")).setLevel(1).setLateMillis(40)
                .setAt(Instant.parse("2026-11-29T08:45:01Z"))
                // As IncidentEngine#escalate writes it.
                .setSummary("P1 Critical, not mitigated within 15 minutes of detection. Impact scope: tenants: all; "
                        + "components: inbox. Tried: nothing recorded yet. Current hypothesis: none recorded yet.")
                .build();

        assertThat(FORMAT.escalation(AvroJson.toJson(escalation))).isEqualTo("09:45:01 P1 INC-20261129-0001 ESCALATED to "
                + "cto (Mira Okafor) [level 1]: not mitigated within 15 minutes of detection");
    }

    @Test
    void anEscalationFiredLateSaysSoAndAnUnknownPersonIsShownById() {
        var escalation = TestEvents.anEscalation().setIncidentId("INC-1").setSeverity(Severity.P2)
                .setToRole("team-lead").setToPeople(List.of("jonas", "nobody")).setLevel(2)
                .setLateMillis(125_000).setReason(EscalationReason.NO_PROGRESS).setSummary("something else")
                .setAt(Instant.parse("2026-11-28T08:45:01Z")).build();

        assertThat(FORMAT.escalation(AvroJson.toJson(escalation))).isEqualTo("2026-11-28 09:45:01 P2 INC-1 ESCALATED to "
                + "team-lead (Jonas Weber, nobody) [level 2]: no progress (2m 05s late)");
    }

    @Test
    void aNotificationSaysChannelRoleRecipientsAndSubject() {
        var page = TestEvents.aNotification().setIncidentId("INC-20261129-0001").setSeverity(Severity.P1)
                .setChannel(Channel.PAGE).setAudience(Audience.TEAM).setRecipientRole("on-call")
                .setRecipients(List.of(Recipient.newBuilder().setId("jonas").setName("Jonas Weber").build()))
                .setSubject("[P1 Critical] Inbox down").setCreatedAt(Instant.parse("2026-11-29T08:30:02Z")).build();
        // A customer contact's name is its tenant's display name (as the engine resolves them).
        List<Recipient> contacts = List.of("ops", "it", "cto", "desk").stream().map(contact -> Recipient.newBuilder()
                .setId("acme:" + contact).setName("Acme GmbH").setEmail(contact + "@acme.example").setTenant("acme")
                .build()).toList();
        var notice = TestEvents.aNotification().setIncidentId("INC-20261129-0001").setSeverity(Severity.P1)
                .setChannel(Channel.EMAIL).setAudience(Audience.CUSTOMERS).setRecipientRole(null)
                .setRecipients(contacts).setSubject("[Investigating] Inbox")
                .setCreatedAt(Instant.parse("2026-11-29T08:31:00Z")).build();

        assertThat(FORMAT.notification(AvroJson.toJson(page)))
                .isEqualTo("09:30:02 P1 INC-20261129-0001 PAGE on-call (Jonas Weber): [P1 Critical] Inbox down");
        assertThat(FORMAT.notification(AvroJson.toJson(notice))).isEqualTo("09:31:00 P1 INC-20261129-0001 EMAIL customers of "
                + "Acme GmbH (ops@acme.example, it@acme.example, cto@acme.example +1 more): [Investigating] Inbox");
    }

    @Test
    void anIncidentChangeSaysItsStateVersionAndOwner() {
        var incident = TestEvents.anIncident().setIncidentId("INC-20261129-0001").setSeverity(Severity.P1)
                .setStatus(IncidentStatus.ACKNOWLEDGED).setVersion(3).setEscalationLevel(0).setOnCall("jonas")
                .setOwner("dana").setAllTenants(true).setTitle("Inbox down")
                .setUpdatedAt(Instant.parse("2026-11-29T08:32:10Z")).build();

        assertThat(FORMAT.incident(AvroJson.toJson(incident))).isEqualTo("09:32:10 P1 INC-20261129-0001 INCIDENT "
                + "ACKNOWLEDGED v3, level 0, on-call jonas, owner dana, all tenants: Inbox down");
    }
}
