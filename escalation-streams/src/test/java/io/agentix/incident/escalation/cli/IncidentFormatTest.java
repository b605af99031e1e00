package io.agentix.incident.escalation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agentix.incident.escalation.api.IncidentSummary;
import io.agentix.incident.events.Audience;
import io.agentix.incident.events.Channel;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TestEvents;
import io.agentix.incident.events.TimelineType;
import io.agentix.incident.json.AvroJson;

/** The list table and the incident page as text, at a fixed time (UTC), from the API's own JSON shapes. */
class IncidentFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-29T09:50:30Z");
    private static final IncidentFormat FORMAT = new IncidentFormat(new Readable(Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void theTableHasOneAlignedRowPerIncidentWithAgeTimeLeftAndOverdue() {
        Incident overdue = open("INC-20261129-0001", Severity.P1, "Inbox down for every tenant")
                .setAllTenants(true).setTenants(List.of())
                .setDetectedAt(NOW.minus(Duration.ofMinutes(20)))
                .setResponseDueAt(NOW.minus(Duration.ofMinutes(5).plusSeconds(2)))
                .setEscalationLevel(1).setOnCall("jonas").setOwner("jonas").build();
        Incident running = open("INC-20261129-0002", Severity.P3, "CSV export fails for acme")
                .setTenants(List.of("acme")).setAllTenants(false)
                .setDetectedAt(NOW.minus(Duration.ofHours(2).plusMinutes(3)))
                .setResponseDueAt(NOW.plus(Duration.ofMinutes(12).plusSeconds(30)))
                .setEscalationLevel(0).setOnCall("jonas").setOwner("dana").build();

        String table = FORMAT.table(summaries(overdue, running));

        assertThat(table.lines().toList()).containsExactly(
                "ID                 SEV  STATUS  AGE      RESPONSE        LVL  ON-CALL             TENANTS      TITLE",
                "INC-20261129-0001  P1   OPEN    20m 00s  OVERDUE 5m 02s  1    jonas               all tenants  Inbox down for every tenant",
                "INC-20261129-0002  P3   OPEN    2h 03m   12m 30s left    0    jonas (owner dana)  acme         CSV export fails for acme");
    }

    @Test
    void aResolvedIncidentHasNoResponseWindowAndLongTenantListsAreCut() {
        Incident resolved = open("INC-20261127-0003", Severity.P2, "Webhooks slow")
                .setStatus(IncidentStatus.RESOLVED)
                .setTenants(List.of("acme", "globex", "initech", "umbrella", "hooli"))
                .setDetectedAt(NOW.minus(Duration.ofDays(2).plusHours(4)))
                .setResponseDueAt(NOW.minus(Duration.ofDays(2)))
                .setEscalationLevel(0).setOnCall(null).setOwner(null).build();

        List<String> row = List.of(FORMAT.table(summaries(resolved)).lines().toList().get(1).split("\\s{2,}"));

        assertThat(row).containsExactly("INC-20261127-0003", "P2", "RESOLVED", "2d 4h", "-", "0", "-",
                "acme, globex, initech +2 more", "Webhooks slow");
    }

    @Test
    void anIncidentShowsItsFactsItsTimelineAndTheNotificationsSent() {
        Incident incident = TestEvents.anIncident().setIncidentId("INC-20261129-0001").setStatus(IncidentStatus.ACKNOWLEDGED)
                .setSeverity(Severity.P1).setTitle("Inbox down for every tenant")
                .setDetectedAt(NOW.minus(Duration.ofMinutes(20))).setResponseDueAt(NOW.plusSeconds(65))
                .setAcknowledgedAt(NOW.minus(Duration.ofMinutes(18))).setAcknowledgedBy("jonas")
                .setMitigatedAt(null).setResolvedAt(null).setClosedAt(null).setDismissedAt(null).setPostmortem(null)
                .setRootCause(null).setImpactSummary(null).setPrevention(null).setBlockedReason(null)
                .setAllTenants(true).setTenants(List.of("acme")).setEscalatedTo(List.of("cto")).build();
        ObjectNode json = AvroJson.toJson(incident);
        ArrayNode timeline = json.putArray("timeline");
        timeline.add(AvroJson.toJson(TestEvents.aTimelineEntry().setType(TimelineType.OPENED)
                .setAt(NOW.minus(Duration.ofMinutes(20))).setSummary("Opened P1: Inbox down for every tenant").build()));
        timeline.add(AvroJson.toJson(TestEvents.aTimelineEntry().setType(TimelineType.COMMAND_REJECTED)
                .setAt(Instant.parse("2026-11-28T23:59:59Z")).setSummary("Rejected resolve by alice: no").build()));
        json.putArray("notifications").add(AvroJson.toJson(TestEvents.aNotification()
                .setKind(NotificationKind.INCIDENT_OPENED).setChannel(Channel.PAGE).setAudience(Audience.TEAM)
                .setRecipientRole("on-call")
                .setRecipients(List.of(Recipient.newBuilder().setId("jonas").setName("Jonas Weber").build()))
                .setSubject("[P1 Critical] Inbox down for every tenant")
                .setCreatedAt(NOW.minus(Duration.ofMinutes(20)).plusSeconds(2)).build()));

        String text = FORMAT.show(json);

        assertThat(text).startsWith("INC-20261129-0001  P1 ACKNOWLEDGED  Inbox down for every tenant\n");
        assertThat(text).contains("  detected        2026-11-29 09:30:30 (20m 00s ago)\n")
                .contains("  response        1m 05s left (due 2026-11-29 09:51:35)\n")
                .contains("  escalation      level 1: cto\n")
                .contains("  acknowledged    2026-11-29 09:32:30 by jonas\n")
                .contains("  tenants         all tenants (named: acme)\n")
                .contains("  why P1          core component inbox; 2 tenants affected\n")
                .contains("  latest update   Rollback in progress\n")
                .doesNotContain("root cause").doesNotContain("mitigated");
        assertThat(text).contains("""
                Timeline (2):
                  09:30:30             OPENED            Opened P1: Inbox down for every tenant
                  2026-11-28 23:59:59  COMMAND_REJECTED  Rejected resolve by alice: no
                """);
        assertThat(text).endsWith("""
                Notifications sent (1):
                  09:30:32  INCIDENT_OPENED  PAGE on-call (Jonas Weber): [P1 Critical] Inbox down for every tenant
                """);
    }

    private static Incident.Builder open(String id, Severity severity, String title) {
        return TestEvents.anIncident().setIncidentId(id).setSeverity(severity).setTitle(title).setStatus(IncidentStatus.OPEN);
    }

    private static JsonNode summaries(Incident... incidents) {
        return JSON.valueToTree(List.of(incidents).stream().map(IncidentSummary::of).toList());
    }
}
