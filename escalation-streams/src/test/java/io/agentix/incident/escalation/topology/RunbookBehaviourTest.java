package io.agentix.incident.escalation.topology;

import static io.agentix.incident.escalation.topology.Scenario.T;
import static io.agentix.incident.escalation.topology.Scenario.alert;
import static io.agentix.incident.escalation.topology.Scenario.command;
import static io.agentix.incident.events.TestEvents.aDeployment;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Audience;
import io.agentix.incident.events.Channel;
import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.EscalationReason;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;

/**
 * The numbered behaviours (1-8), each end to end through the real topology under the shipped
 * policy: alerts, deploys and commands in, records out on {@code incidents}, {@code incident-timeline},
 * {@code escalations} and {@code notifications}, with the wall clock moved by the test.
 */
class RunbookBehaviourTest {

    private static final String INC1 = "INC-20261129-0001";
    private static final String INC2 = "INC-20261129-0002";
    private static final String INC3 = "INC-20261129-0003";
    private static final String INC4 = "INC-20261129-0004";
    private static final String INC5 = "INC-20261129-0005";
    private static final String INC6 = "INC-20261129-0006";

    private final EngineHarness harness = new EngineHarness(PolicyLoader.shipped(), T);
    private final Map<String, Incident> incidents = new LinkedHashMap<>();
    private final List<TestRecord<String, Incident>> incidentRecords = new ArrayList<>();
    private final List<TimelineEntry> timeline = new ArrayList<>();
    private final List<Escalation> escalations = new ArrayList<>();
    private final List<Notification> notifications = new ArrayList<>();

    @AfterEach
    void close() {
        harness.close();
    }

    // ---- 1. classification ----------------------------------------------------------------------

    @Test
    void b1ClassifiesByTheDecisionGuideGoesUpWhenInDoubtAndRaisesP3ToP2OnASecondTenant() {
        harness.alert(alert("e-1", "k-builder", "builder", List.of(), T).setAllTenants(true).build());
        harness.alert(alert("e-2", "k-webhooks", "webhooks", List.of("acme", "globex"), T).build());
        harness.alert(alert("e-3", "k-analytics", "analytics", List.of("acme"), T).build());
        harness.alert(alert("e-4", "k-ui", "ui", List.of("acme"), T).setImpact(Impact.COSMETIC).build());
        harness.alert(alert("e-5", "k-csv", "csv-export", List.of(), T).build());
        harness.alert(alert("e-6", "k-unknown", null, List.of("acme"), T).setProject("unmatched")
                .setTitle("Something odd").build());

        assertThat(incident(INC1).getSeverity()).as("all tenants").isEqualTo(Severity.P1);
        assertThat(incident(INC2).getSeverity()).as("several tenants, core").isEqualTo(Severity.P2);
        assertThat(incident(INC3).getSeverity()).as("one tenant, non-core").isEqualTo(Severity.P3);
        assertThat(incident(INC4).getSeverity()).as("cosmetic").isEqualTo(Severity.P4);
        assertThat(incident(INC5).getSeverity()).as("scope unknown: one level up from P3").isEqualTo(Severity.P2);
        assertThat(String.join(" ", incident(INC5).getSeverityReasons())).contains("in doubt").contains("scope unknown");
        assertThat(incident(INC6).getSeverity()).as("component unknown: one level up from P3").isEqualTo(Severity.P2);
        assertThat(String.join(" ", incident(INC6).getSeverityReasons())).contains("in doubt")
                .contains("component unknown");

        harness.advanceWallClockTo(T.plus(Duration.ofMinutes(5)));
        harness.alert(alert("e-7", "k-analytics-2", "analytics", List.of("globex"), T.plus(Duration.ofMinutes(5)))
                .build());

        Incident raised = incident(INC3);
        assertThat(raised.getSeverity()).as("a second tenant on the same component").isEqualTo(Severity.P2);
        assertThat(raised.getTenants()).containsExactly("acme", "globex");
        assertThat(String.join(" ", raised.getSeverityReasons())).contains("raised from P3 to P2");
        assertThat(notifications(INC3, NotificationKind.SEVERITY_CHANGED)).hasSize(1);

        harness.alert(alert("e-8", "k-analytics", "analytics", List.of("acme"), T.plus(Duration.ofMinutes(6)))
                .setImpact(Impact.COSMETIC).build());
        assertThat(incident(INC3).getSeverity()).as("severity never drops by itself").isEqualTo(Severity.P2);
        assertThat(incident(INC3).getAlertCount()).isEqualTo(3);
    }

    // ---- 2. dedup and grouping ------------------------------------------------------------------

    @Test
    void b2RetriesChangeNothingSameKeyJoinsComponentCorrelatesWithinTheWindowAndSourceResolvesClose() {
        var first = alert("e-1", "sentry:acme:inbox", "inbox", List.of("acme", "globex"), T);
        harness.alert(first.build());
        drain();
        int recordsAfterFirst = incidentRecords.size() + timeline.size() + notifications.size();

        harness.alert(first.setReceivedAt(T.plusSeconds(30)).build());
        drain();
        assertThat(incidentRecords.size() + timeline.size() + notifications.size()).as("a sender's retry")
                .isEqualTo(recordsAfterFirst);

        harness.alert(alert("e-2", "sentry:acme:inbox", "inbox", List.of("acme"), T.plus(Duration.ofMinutes(2))).build());
        harness.alert(alert("e-3", "betterstack:acme:inbox", "inbox", List.of("acme"), T.plus(Duration.ofMinutes(10)))
                .setSource("betterstack").build());
        harness.alert(alert("e-4", "alertmanager:acme:inbox", "inbox", List.of("acme"), T.plus(Duration.ofMinutes(20)))
                .setSource("alertmanager").build());

        Incident grouped = incident(INC1);
        assertThat(grouped.getAlertCount()).as("distinct events").isEqualTo(3);
        assertThat(grouped.getDedupKeys()).containsExactly("sentry:acme:inbox", "betterstack:acme:inbox");
        assertThat(notifications(INC1, NotificationKind.INCIDENT_OPENED)).as("one page").hasSize(1);
        assertThat(incident(INC2).getDedupKeys()).as("outside the 15 minute correlation window")
                .containsExactly("alertmanager:acme:inbox");

        drain();
        int before = incidentRecords.size() + timeline.size() + notifications.size();
        harness.alert(alert("e-5", "sentry:acme:never-seen", "inbox", List.of(), T.plus(Duration.ofMinutes(21)))
                .setKind(AlertKind.RESOLVED).build());
        drain();
        assertThat(incidentRecords.size() + timeline.size() + notifications.size()).as("resolve for an unknown key")
                .isEqualTo(before);

        harness.alert(alert("e-6", "sentry:acme:inbox", "inbox", List.of(), T.plus(Duration.ofMinutes(22)))
                .setKind(AlertKind.RESOLVED).build());
        assertThat(incident(INC1).getStatus()).as("one alert still firing").isEqualTo(IncidentStatus.OPEN);
        harness.alert(alert("e-7", "betterstack:acme:inbox", "inbox", List.of(), T.plus(Duration.ofMinutes(23)))
                .setSource("betterstack").setKind(AlertKind.RESOLVED).build());
        assertThat(incident(INC1).getStatus()).as("every alert resolved at the source").isEqualTo(IncidentStatus.RESOLVED);
    }

    // ---- 3. response windows and escalation -----------------------------------------------------

    @Test
    void b3P1PagesOnCallAndEveryoneAndEscalatesToCtoAfter15MinutesP2EscalatesToTeamLeadAfterAnHour() {
        harness.alert(alert("e-1", "k-builder", "builder", List.of(), T).setAllTenants(true).build());
        harness.alert(alert("e-2", "k-webhooks", "webhooks", List.of("acme", "globex"), T).build());

        assertThat(notifications(INC1, NotificationKind.INCIDENT_OPENED)).singleElement().satisfies(page -> {
            assertThat(page.getChannel()).isEqualTo(Channel.PAGE);
            assertThat(page.getRecipientRole()).isEqualTo("on-call");
            assertThat(ids(page)).containsExactly("jonas");
        });
        assertThat(notifications(INC1, NotificationKind.ALL_HANDS)).singleElement().satisfies(page -> {
            assertThat(page.getChannel()).isEqualTo(Channel.PAGE);
            assertThat(page.getRecipientRole()).isEqualTo("everyone");
            assertThat(ids(page)).containsExactlyInAnyOrder("mira", "jonas", "dana", "erik", "priya", "yuki");
        });
        assertThat(notifications(INC2, NotificationKind.INCIDENT_OPENED)).singleElement()
                .satisfies(page -> assertThat(page.getChannel()).isEqualTo(Channel.PAGE));
        assertThat(notifications(INC2, NotificationKind.ALL_HANDS)).isEmpty();

        harness.advanceWallClockTo(T.plus(Duration.ofMinutes(15)));
        assertThat(escalations(INC1)).singleElement().satisfies(escalation -> {
            assertThat(escalation.getToRole()).isEqualTo("cto");
            assertThat(escalation.getToPeople()).containsExactly("mira");
            assertThat(escalation.getReason()).isEqualTo(EscalationReason.RESPONSE_WINDOW_EXPIRED);
            assertThat(escalation.getLevel()).isEqualTo(1);
        });
        assertThat(notifications(INC1, NotificationKind.ESCALATED)).singleElement()
                .satisfies(page -> assertThat(ids(page)).containsExactly("mira"));
        assertThat(escalations(INC2)).as("P2 within its hour").isEmpty();

        harness.advanceWallClockTo(T.plus(Duration.ofHours(1)));
        assertThat(escalations(INC2)).singleElement().satisfies(escalation -> {
            assertThat(escalation.getToRole()).isEqualTo("team-lead");
            assertThat(escalation.getReason()).isEqualTo(EscalationReason.RESPONSE_WINDOW_EXPIRED);
        });
        assertThat(escalations(INC1)).as("one escalation per step").hasSize(1);
    }

    @Test
    void b3P3EmailsTheComponentOwnerEscalatesToOnCallAfter4HoursWithoutProgressAndAtOnceWhenBlocked() {
        harness.alert(alert("e-1", "k-analytics", "analytics", List.of("acme"), T).build());
        harness.alert(alert("e-2", "k-csv", "csv-export", List.of("globex"), T).build());

        assertThat(notifications(INC1, NotificationKind.INCIDENT_OPENED)).singleElement().satisfies(mail -> {
            assertThat(mail.getChannel()).isEqualTo(Channel.EMAIL);
            assertThat(mail.getRecipientRole()).isEqualTo("assigned-engineer");
            assertThat(ids(mail)).as("analytics' owner").containsExactly("yuki");
        });

        harness.advanceWallClockTo(T.plus(Duration.ofHours(1)));
        harness.command(command("c-block", INC2, CommandAction.BLOCK, "yuki", T.plus(Duration.ofHours(1)))
                .setReason("waiting for the export provider").build());
        assertThat(escalations(INC2)).singleElement().satisfies(escalation -> {
            assertThat(escalation.getReason()).isEqualTo(EscalationReason.BLOCKED);
            assertThat(escalation.getToRole()).isEqualTo("on-call");
            assertThat(escalation.getLateMillis()).isZero();
        });

        harness.advanceWallClockTo(T.plus(Duration.ofHours(3)));
        harness.command(command("c-update", INC1, CommandAction.UPDATE, "yuki", T.plus(Duration.ofHours(3)))
                .setMessage("Chart query is slow, looking into the index").build());
        harness.advanceWallClockTo(T.plus(Duration.ofHours(4)).plusSeconds(1));
        assertThat(escalations(INC1)).as("progress at 3 h restarted the 4 hour window").isEmpty();

        harness.advanceWallClockTo(T.plus(Duration.ofHours(7)));
        assertThat(escalations(INC1)).singleElement().satisfies(escalation -> {
            assertThat(escalation.getReason()).isEqualTo(EscalationReason.NO_PROGRESS);
            assertThat(escalation.getToRole()).isEqualTo("on-call");
            assertThat(escalation.getDeadline()).isEqualTo(T.plus(Duration.ofHours(7)));
        });
        assertThat(notifications.stream().filter(n -> n.getIncidentId().equals(INC1))
                .filter(n -> n.getKind() == NotificationKind.INCIDENT_OPENED || n.getRecipientRole() != null
                        && n.getRecipientRole().equals("assigned-engineer")))
                .as("P3 is never paged to its first responder").allMatch(n -> n.getChannel() == Channel.EMAIL);
    }

    @Test
    void b3P4EmailsTheOwnerIsDueNextBusinessDayAndNeverPagesNorEscalates() {
        harness.alert(alert("e-1", "k-ui", "ui", List.of("acme"), T).setImpact(Impact.COSMETIC).build());

        Incident p4 = incident(INC1);
        assertThat(p4.getSeverity()).isEqualTo(Severity.P4);
        assertThat(p4.getResponseDueAt()).as("Sunday -> Monday 09:00 UTC").isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
        assertThat(notifications(INC1, NotificationKind.INCIDENT_OPENED)).singleElement().satisfies(mail -> {
            assertThat(mail.getChannel()).isEqualTo(Channel.EMAIL);
            assertThat(ids(mail)).containsExactly("yuki");
        });

        for (int day = 1; day <= 3; day++) {
            harness.advanceWallClockTo(T.plus(Duration.ofDays(day)));
        }

        assertThat(escalations).isEmpty();
        assertThat(notifications).noneMatch(notification -> notification.getChannel() == Channel.PAGE);
    }

    // ---- 4. on-call from the last deploy to main ------------------------------------------------

    @Test
    void b4OnCallIsTheLastDeployerToMainAndRecentDeploysAreNotedWithTheRollbackRunbook() {
        harness.deployment(deploy("d-erik", "eriklq", T.minus(Duration.ofHours(3)), true));
        harness.deployment(deploy("d-dana", "danakim", T.minus(Duration.ofMinutes(30)), true));
        harness.deployment(deploy("d-branch", "priyar", T.minus(Duration.ofMinutes(10)), false));

        harness.alert(alert("e-1", "k-webhooks", "webhooks", List.of("acme", "globex"), T).build());

        Incident incident = incident(INC1);
        assertThat(incident.getOnCall()).isEqualTo("dana");
        assertThat(incident.getRecentDeploys()).as("only deploys to main within 2 hours")
                .singleElement().satisfies(deploy -> {
                    assertThat(deploy.getEventId()).isEqualTo("d-dana");
                    assertThat(deploy.getRollbackRunbook()).isEqualTo("docs/runbooks/deployment.md#rollback-procedures");
                });
        assertThat(incident.getLinks()).extracting(Link::getUrl)
                .contains("docs/runbooks/deployment.md#rollback-procedures");
        assertThat(notifications(INC1, NotificationKind.INCIDENT_OPENED)).singleElement()
                .satisfies(page -> assertThat(ids(page)).containsExactly("dana"));
    }

    @Test
    void b4WithoutADeployToMainOnCallFallsBackToThePolicyDefault() {
        harness.deployment(deploy("d-branch", "danakim", T.minus(Duration.ofMinutes(10)), false));

        harness.alert(alert("e-1", "k-webhooks", "webhooks", List.of("acme", "globex"), T).build());

        assertThat(incident(INC1).getOnCall()).isEqualTo("jonas");
        assertThat(incident(INC1).getRecentDeploys()).isEmpty();
    }

    // ---- 5. customer communication --------------------------------------------------------------

    @Test
    void b5P2InitialNoticeOnAcknowledgeStatusUpdatesHourlyWithRemindersAndAResolutionNotice() {
        harness.alert(alert("e-1", "k-inbox", "inbox", List.of("acme", "globex"), T).build());
        Instant ack = T.plus(Duration.ofMinutes(10));
        harness.advanceWallClockTo(ack);
        harness.command(command("c-ack", INC1, CommandAction.ACKNOWLEDGE, "jonas", ack).build());

        List<Notification> initial = notifications(INC1, NotificationKind.INITIAL_NOTICE);
        assertThat(initial).as("one per affected tenant").hasSize(2).allSatisfy(notice -> {
            assertThat(notice.getAudience()).isEqualTo(Audience.CUSTOMERS);
            assertThat(notice.getChannel()).isEqualTo(Channel.EMAIL);
            assertThat(notice.getRecipientRole()).isNull();
            assertThat(notice.getSubject()).isEqualTo("[Agentix] Service Disruption — We’re Investigating");
        });
        assertThat(initial.stream().flatMap(n -> n.getRecipients().stream()).map(Recipient::getEmail))
                .containsExactlyInAnyOrder("ops@acme.example", "it-support@acme.example", "incidents@globex.example");

        harness.advanceWallClockTo(T.plus(Duration.ofMinutes(20)));
        harness.command(command("c-update", INC1, CommandAction.UPDATE, "jonas", T.plus(Duration.ofMinutes(20)))
                .setMessage("We rolled back the configuration change").build());

        harness.advanceWallClockTo(ack.plus(Duration.ofMinutes(55)));
        assertThat(notifications(INC1, NotificationKind.UPDATE_REMINDER)).as("5 minutes before the update")
                .singleElement().satisfies(reminder -> assertThat(reminder.getAudience()).isEqualTo(Audience.TEAM));
        assertThat(notifications(INC1, NotificationKind.STATUS_UPDATE)).isEmpty();
        assertThat(notifications(INC1, NotificationKind.TRACKING_REMINDER)).as("an hour after detection")
                .hasSize(1);

        harness.advanceWallClockTo(ack.plus(Duration.ofHours(1)));
        assertThat(notifications(INC1, NotificationKind.STATUS_UPDATE)).hasSize(2)
                .allSatisfy(update -> assertThat(update.getBody()).contains("We rolled back the configuration change"));

        Instant resolved = ack.plus(Duration.ofMinutes(70));
        harness.advanceWallClockTo(resolved);
        harness.command(command("c-resolve", INC1, CommandAction.RESOLVE, "jonas", resolved)
                .setRootCause("A cache setting expired sessions early").setImpact("Inbox failed to load for 80 minutes")
                .setPrevention("Alert on the session error rate").build());
        assertThat(notifications(INC1, NotificationKind.RESOLUTION_NOTICE)).hasSize(2).allSatisfy(notice -> {
            assertThat(notice.getAudience()).isEqualTo(Audience.CUSTOMERS);
            assertThat(notice.getBody()).contains("A cache setting expired sessions early")
                    .contains("Inbox failed to load for 80 minutes").contains("Alert on the session error rate");
        });

        harness.advanceWallClockTo(resolved.plus(Duration.ofHours(3)));
        assertThat(notifications(INC1, NotificationKind.STATUS_UPDATE)).as("none after the resolve").hasSize(2);
    }

    @Test
    void b5InitialNoticeGoesOutAtTheDeadlineWhenNobodyAcknowledgesAndNeverForADismissedIncident() {
        harness.alert(alert("e-1", "k-builder", "builder", List.of(), T).setAllTenants(true).build());
        harness.alert(alert("e-2", "k-webhooks", "webhooks", List.of("acme", "globex"), T).build());
        harness.advanceWallClockTo(T.plus(Duration.ofMinutes(5)));
        harness.command(command("c-dismiss", INC2, CommandAction.DISMISS, "jonas", T.plus(Duration.ofMinutes(5)))
                .setReason("synthetic check misconfigured").build());

        harness.advanceWallClockTo(T.plus(Duration.ofMinutes(30)).minusSeconds(1));
        assertThat(notifications(INC1, NotificationKind.INITIAL_NOTICE)).isEmpty();
        harness.advanceWallClockTo(T.plus(Duration.ofMinutes(30)));

        assertThat(notifications(INC1, NotificationKind.INITIAL_NOTICE)).as("every tenant with contacts")
                .extracting(notice -> notice.getRecipients().get(0).getTenant())
                .containsExactlyInAnyOrder("acme", "globex", "mueller");
        assertThat(timeline(INC1)).as("the tenant without contacts is reported")
                .anyMatch(entry -> entry.getSummary().contains("Initech"));
        harness.advanceWallClockTo(T.plus(Duration.ofHours(2)));
        assertThat(notifications.stream().filter(n -> n.getIncidentId().equals(INC2))
                .filter(n -> n.getAudience() == Audience.CUSTOMERS)).as("dismissed").isEmpty();
    }

    // ---- 6. verification and close --------------------------------------------------------------

    @Test
    void b6AResolvedIncidentFiringAgainWithin30MinutesReopensOtherwiseItClosesAfter30Minutes() {
        harness.alert(alert("e-1", "k-inbox", "inbox", List.of("acme", "globex"), T).build());
        harness.advanceWallClockTo(T.plus(Duration.ofMinutes(10)));
        harness.command(resolve("c-1", T.plus(Duration.ofMinutes(10))));
        assertThat(incident(INC1).getStatus()).isEqualTo(IncidentStatus.RESOLVED);

        harness.advanceWallClockTo(T.plus(Duration.ofMinutes(20)));
        harness.alert(alert("e-2", "k-inbox", "inbox", List.of("acme"), T.plus(Duration.ofMinutes(20))).build());
        assertThat(incident(INC1).getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(timeline(INC1)).extracting(TimelineEntry::getType).contains(TimelineType.REOPENED);
        assertThat(incidents).as("no new incident").containsOnlyKeys(INC1);

        Instant resolvedAgain = T.plus(Duration.ofMinutes(30));
        harness.advanceWallClockTo(resolvedAgain);
        harness.command(resolve("c-2", resolvedAgain));
        harness.advanceWallClockTo(resolvedAgain.plus(Duration.ofMinutes(30)).minusSeconds(1));
        assertThat(incident(INC1).getStatus()).isEqualTo(IncidentStatus.RESOLVED);

        harness.advanceWallClockTo(resolvedAgain.plus(Duration.ofMinutes(30)));
        assertThat(incident(INC1).getStatus()).isEqualTo(IncidentStatus.CLOSED);
        assertThat(incident(INC1).getClosedAt()).isEqualTo(resolvedAgain.plus(Duration.ofMinutes(30)));
    }

    // ---- 7. post-mortem -------------------------------------------------------------------------

    @Test
    void b7ResolvingAP1SchedulesThePostmortemWithADraftAndRemindsWhenTheWriteupIsOverdue() {
        harness.alert(alert("e-1", "k-builder", "builder", List.of(), T).setAllTenants(true)
                .setTitle("Workflow builder fails to save").build());
        harness.alert(alert("e-2", "k-webhooks", "webhooks", List.of("acme", "globex"), T).build());
        Instant resolved = T.plus(Duration.ofHours(1));
        harness.advanceWallClockTo(resolved);
        harness.command(resolve("c-1", INC1, resolved));
        harness.command(resolve("c-2", INC2, resolved));

        Notification scheduled = notifications(INC1, NotificationKind.POSTMORTEM_SCHEDULED).get(0);
        assertThat(notifications(INC1, NotificationKind.POSTMORTEM_SCHEDULED)).hasSize(1);
        assertThat(scheduled.getAudience()).isEqualTo(Audience.TEAM);
        assertThat(scheduled.getAttachmentName()).endsWith("/2026-11-29-workflow-builder-fails-to-save.md");
        assertThat(scheduled.getAttachment()).contains("Workflow builder fails to save").contains("Opened as P1");
        Incident p1 = incident(INC1);
        assertThat(p1.getPostmortem().getDraftPath())
                .isEqualTo("docs/runbooks/post-mortems/2026-11-29-workflow-builder-fails-to-save.md");
        assertThat(p1.getPostmortem().getMeetingDueAt()).isEqualTo(resolved.plus(Duration.ofHours(48)));
        Instant writeupDue = p1.getPostmortem().getWriteupDueAt();
        assertThat(writeupDue).as("5 business days after Sunday's detection: Friday").isEqualTo(
                Instant.parse("2026-12-04T10:00:00Z"));

        harness.command(command("c-3", INC2, CommandAction.POSTMORTEM_DONE, "jonas", resolved.plusSeconds(1)).build());
        harness.advanceWallClockTo(writeupDue.minusSeconds(1));
        assertThat(notifications(INC1, NotificationKind.POSTMORTEM_REMINDER)).isEmpty();
        harness.advanceWallClockTo(writeupDue.plus(Duration.ofHours(1)));

        assertThat(notifications(INC1, NotificationKind.POSTMORTEM_REMINDER)).hasSize(1);
        assertThat(notifications(INC2, NotificationKind.POSTMORTEM_REMINDER)).as("marked done").isEmpty();

        // Still not done: again at the start of the next business day (Friday's deadline, then Monday 09:00).
        harness.advanceWallClockTo(Instant.parse("2026-12-07T09:00:00Z"));
        assertThat(notifications(INC1, NotificationKind.POSTMORTEM_REMINDER)).extracting(Notification::getCreatedAt)
                .containsExactly(writeupDue.plus(Duration.ofHours(1)), Instant.parse("2026-12-07T09:00:00Z"));
        harness.command(command("c-4", INC1, CommandAction.POSTMORTEM_DONE, "jonas", Instant.parse("2026-12-07T09:30:00Z"))
                .build());
        harness.advanceWallClockTo(Instant.parse("2026-12-14T09:00:00Z"));
        assertThat(notifications(INC1, NotificationKind.POSTMORTEM_REMINDER)).hasSize(2);
    }

    // ---- 8. commands ----------------------------------------------------------------------------

    @Test
    void b8CommandsApplyInTheirStatesAndInvalidOnesAreRecordedNeverApplied() {
        harness.alert(alert("e-1", "k-inbox", "inbox", List.of("acme", "globex"), T).build());
        Instant t = T.plus(Duration.ofMinutes(1));
        harness.advanceWallClockTo(t);

        harness.command(command("c-1", INC1, CommandAction.ACKNOWLEDGE, "jonas", t).build());
        harness.command(command("c-2", INC1, CommandAction.ASSIGN, "jonas", t).setAssignee("dana").build());
        harness.command(command("c-3", INC1, CommandAction.UPDATE, "dana", t).setMessage("Looking at Redis").build());
        harness.command(command("c-4", INC1, CommandAction.SET_SEVERITY, "dana", t).setSeverity(Severity.P1)
                .setReason("every tenant is affected after all").build());
        Incident applied = incident(INC1);
        assertThat(applied.getStatus()).isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(applied.getAcknowledgedBy()).isEqualTo("jonas");
        assertThat(applied.getOwner()).isEqualTo("dana");
        assertThat(applied.getLatestUpdate()).isEqualTo("Looking at Redis");
        assertThat(applied.getSeverity()).isEqualTo(Severity.P1);

        harness.command(command("c-5", INC1, CommandAction.ESCALATE, "dana", t).build());
        assertThat(escalations(INC1)).extracting(Escalation::getReason).contains(EscalationReason.MANUAL);
        harness.command(command("c-6", INC1, CommandAction.MITIGATE, "dana", t).build());
        harness.command(resolve("c-7", t));
        assertThat(incident(INC1).getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        harness.command(command("c-8", INC1, CommandAction.REOPEN, "dana", t).setMessage("errors are back").build());
        assertThat(incident(INC1).getStatus()).isEqualTo(IncidentStatus.OPEN);
        harness.command(command("c-9", INC1, CommandAction.BLOCK, "dana", t).setReason("waiting for Redis support")
                .build());
        assertThat(incident(INC1).getBlockedReason()).isEqualTo("waiting for Redis support");
        harness.command(command("c-10", INC1, CommandAction.DISMISS, "dana", t).setReason("test alert").build());
        assertThat(incident(INC1).getStatus()).isEqualTo(IncidentStatus.DISMISSED);

        Incident dismissed = incident(INC1);
        int published = incidentRecords.size();
        harness.command(command("c-11", INC1, CommandAction.MITIGATE, "dana", t).build());
        harness.command(command("c-12", "INC-20261129-0099", CommandAction.ACKNOWLEDGE, "dana", t).build());
        harness.command(command("c-12", "INC-20261129-0099", CommandAction.ACKNOWLEDGE, "dana", t).build());
        harness.command(command("c-13", "INC-20261129-0099", CommandAction.RESOLVE, "dana", t).build());
        harness.command(command("c-14", INC1, CommandAction.REOPEN, "dana", t)
                .setRejection("refused by the operator API").build());

        assertThat(incident(INC1).getStatus()).as("an illegal transition is not applied").isEqualTo(IncidentStatus.DISMISSED);
        assertThat(incidentRecords).as("a rejection changes nothing, so the incident is not republished")
                .hasSize(published);
        assertThat(timeline(INC1)).filteredOn(entry -> entry.getType() == TimelineType.COMMAND_REJECTED)
                .satisfiesExactly(entry -> {
                    assertThat(entry.getDetails()).containsEntry("httpStatus", "409");
                    assertThat(entry.getRefId()).isEqualTo("c-11");
                    assertThat(entry.getSequence()).isEqualTo(dismissed.getVersion());
                }, entry -> {
                    assertThat(entry.getDetails()).containsEntry("rejectedBy", "api")
                            .containsEntry("reason", "refused by the operator API");
                    assertThat(entry.getRefId()).isEqualTo("c-14");
                });
        assertThat(incident(INC1).getStatus()).as("the API's refusal is not applied, though REOPEN is legal now")
                .isEqualTo(IncidentStatus.DISMISSED);
        assertThat(timeline("INC-20261129-0099")).as("unknown incident, recorded once each (the retry is a duplicate)")
                .extracting(TimelineEntry::getRefId).containsExactly("c-12", "c-13");
        assertThat(timeline("INC-20261129-0099")).allSatisfy(entry -> {
            assertThat(entry.getType()).isEqualTo(TimelineType.COMMAND_REJECTED);
            assertThat(entry.getSequence()).isZero();
            assertThat(entry.getDetails()).containsEntry("httpStatus", "404");
        });
        assertThat(incidents).doesNotContainKey("INC-20261129-0099");
        // The operator API reads an incident's history as one key range: every rejection is kept, after the
        // change it followed.
        List<TimelineEntry> stored = new ArrayList<>();
        try (var range = harness.<TimelineEntry>store(StoreNames.TIMELINE).prefixScan(StoreNames.incidentPrefix(
                "INC-20261129-0099"), new StringSerializer())) {
            range.forEachRemaining(kv -> stored.add(kv.value));
        }
        assertThat(stored).extracting(TimelineEntry::getRefId).containsExactly("c-12", "c-13");
        List<TimelineEntry> history = new ArrayList<>();
        try (var range = harness.<TimelineEntry>store(StoreNames.TIMELINE).prefixScan(StoreNames.incidentPrefix(INC1),
                new StringSerializer())) {
            range.forEachRemaining(kv -> history.add(kv.value));
        }
        assertThat(history).hasSize(timeline(INC1).size());
        assertThat(history.subList(history.size() - 2, history.size())).extracting(TimelineEntry::getRefId)
                .containsExactly("c-11", "c-14");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private io.agentix.incident.events.IncidentCommand resolve(String commandId, Instant at) {
        return resolve(commandId, INC1, at);
    }

    private io.agentix.incident.events.IncidentCommand resolve(String commandId, String incidentId, Instant at) {
        return command(commandId, incidentId, CommandAction.RESOLVE, "jonas", at)
                .setRootCause("A cache setting expired sessions early").setImpact("Inbox failed to load")
                .setPrevention("Alert on the session error rate").build();
    }

    private static io.agentix.incident.events.DeploymentEvent deploy(String id, String author, Instant at, boolean main) {
        return aDeployment().setEventId(id).setAuthor(author).setAuthorEmail(null).setMainBranch(main)
                .setBranch(main ? "main" : "feature").setDeployedAt(at).setReceivedAt(at.plusSeconds(5)).build();
    }

    private void drain() {
        harness.incidents().forEach(record -> {
            incidentRecords.add(record);
            incidents.put(record.key(), record.value());
        });
        harness.timeline().forEach(record -> timeline.add(record.value()));
        harness.escalations().forEach(record -> escalations.add(record.value()));
        harness.notifications().forEach(record -> notifications.add(record.value()));
    }

    private Incident incident(String id) {
        drain();
        assertThat(incidents).as("incidents published").containsKey(id);
        return incidents.get(id);
    }

    private List<Notification> notifications(String incidentId, NotificationKind kind) {
        drain();
        return notifications.stream().filter(n -> n.getIncidentId().equals(incidentId) && n.getKind() == kind).toList();
    }

    private List<Escalation> escalations(String incidentId) {
        drain();
        return escalations.stream().filter(e -> e.getIncidentId().equals(incidentId)).toList();
    }

    private List<TimelineEntry> timeline(String incidentId) {
        drain();
        return timeline.stream().filter(e -> e.getIncidentId().equals(incidentId)).toList();
    }

    private static List<String> ids(Notification notification) {
        return notification.getRecipients().stream().map(Recipient::getId).toList();
    }
}
