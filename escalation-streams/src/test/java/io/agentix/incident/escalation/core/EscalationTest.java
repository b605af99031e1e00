package io.agentix.incident.escalation.core;

import static io.agentix.incident.escalation.core.AlertSpec.anAlert;
import static io.agentix.incident.escalation.core.EngineHarness.T0;
import static io.agentix.incident.escalation.core.EngineHarness.recipientIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.EscalationReason;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.PageAction;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Behaviour 3: response windows and escalation per severity. */
class EscalationTest {

    private final EngineHarness h = new EngineHarness();

    /** P1: every tenant, inbox; on-call is jonas (the policy default: no deploy known). */
    private String p1() {
        String id = h.open(anAlert().component("inbox").tenants().allTenants());
        assertThat(h.incident(id).getSeverity()).isEqualTo(Severity.P1);
        return id;
    }

    @Test
    void pagesOnCallAndEveryoneAtOnceForP1() {
        Decision opened = h.alert(anAlert().component("inbox").tenants().allTenants());

        assertThat(opened.notifications()).extracting(Notification::getKind)
                .containsExactly(NotificationKind.INCIDENT_OPENED, NotificationKind.ALL_HANDS);
        Notification first = opened.notifications().get(0);
        assertThat(first.getChannel()).isEqualTo(Channel.PAGE);
        assertThat(first.getPageAction()).isEqualTo(PageAction.TRIGGER);
        assertThat(first.getRecipientRole()).isEqualTo("on-call");
        assertThat(recipientIds(first)).containsExactly("jonas");
        assertThat(first.getRecipients().get(0).getPageTarget()).isEqualTo("jonas");
        assertThat(first.getRecipients().get(0).getEmail()).isEqualTo("jonas@agentix.example");
        assertThat(first.getDueAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
        Notification allHands = opened.notifications().get(1);
        assertThat(allHands.getChannel()).isEqualTo(Channel.PAGE);
        assertThat(allHands.getRecipientRole()).isEqualTo("everyone");
        assertThat(recipientIds(allHands)).containsExactly("mira", "jonas", "dana", "erik", "priya", "yuki");
        assertThat(allHands.getSubject()).startsWith("[P1 ALL HANDS]");
    }

    @Test
    void escalatesP1ToCtoWhenNotMitigatedIn15Minutes() {
        String id = p1();
        h.advanceBy(Duration.ofMinutes(3));
        h.command(id, CommandAction.ACKNOWLEDGE, "jonas");
        h.advanceTo(T0.plus(Duration.ofMinutes(15)).minusMillis(1));
        assertThat(h.escalations).isEmpty();

        h.advanceTo(T0.plus(Duration.ofMinutes(15)));

        assertThat(h.escalations).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo(EscalationReason.RESPONSE_WINDOW_EXPIRED);
            assertThat(e.getToRole()).isEqualTo("cto");
            assertThat(e.getFromRole()).isEqualTo("on-call");
            assertThat(e.getToPeople()).containsExactly("mira");
            assertThat(e.getLevel()).isEqualTo(1);
            assertThat(e.getAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
            assertThat(e.getDeadline()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
            assertThat(e.getLateMillis()).isZero();
            assertThat(e.getEscalationId()).isEqualTo(id + ":RESPONSE_WINDOW_EXPIRED:1");
            assertThat(e.getSummary()).contains("not mitigated within 15 minutes", "all tenants", "Acknowledged by jonas");
        });
        assertThat(h.notifications(NotificationKind.ESCALATED)).singleElement().satisfies(n -> {
            assertThat(n.getChannel()).isEqualTo(Channel.PAGE);
            assertThat(n.getRecipientRole()).isEqualTo("cto");
            assertThat(recipientIds(n)).containsExactly("mira");
            assertThat(n.getBody()).contains("not mitigated within 15 minutes of detection", "- Acknowledged by jonas");
        });
        assertThat(h.incident(id).getEscalationLevel()).isEqualTo(1);
        assertThat(h.incident(id).getEscalatedTo()).containsExactly("cto");
        assertThat(h.incident(id).getResponseDueAt()).isNull();
        assertThat(h.clocks(id, ClockType.RESPONSE_WINDOW)).isEmpty();

        h.advanceBy(Duration.ofHours(5));
        assertThat(h.escalations).hasSize(1);
    }

    @Test
    void doesNotEscalateP1MitigatedInTime() {
        String id = p1();
        h.advanceBy(Duration.ofMinutes(14));

        Decision mitigated = h.command(id, CommandAction.MITIGATE, "jonas");
        h.advanceBy(Duration.ofHours(2));

        assertThat(mitigated.clocksToCancel()).extracting(PendingClock::type).contains(ClockType.RESPONSE_WINDOW);
        assertThat(h.escalations).isEmpty();
    }

    @Test
    void escalatesP2ToTeamLeadWhenNotMitigatedAfterOneHour() {
        String id = h.open(anAlert().component("builder").tenants("acme"));
        assertThat(h.incident(id).getSeverity()).isEqualTo(Severity.P2);
        assertThat(h.notifications(NotificationKind.INCIDENT_OPENED)).singleElement()
                .satisfies(n -> assertThat(n.getChannel()).isEqualTo(Channel.PAGE));
        assertThat(h.notifications(NotificationKind.ALL_HANDS)).isEmpty();

        h.advanceTo(T0.plus(Duration.ofMinutes(59)));
        assertThat(h.escalations).isEmpty();
        h.advanceTo(T0.plus(Duration.ofHours(1)));

        assertThat(h.escalations).singleElement().satisfies(e -> {
            assertThat(e.getToRole()).isEqualTo("team-lead");
            assertThat(e.getToPeople()).containsExactly("jonas");
            assertThat(e.getReason()).isEqualTo(EscalationReason.RESPONSE_WINDOW_EXPIRED);
        });
        assertThat(h.notifications(NotificationKind.ESCALATED)).hasSize(1);
    }

    @Test
    void emailsTheComponentOwnerForP3WithoutPaging() {
        String id = h.open(anAlert().component("analytics").tenants("acme"));

        assertThat(h.incident(id).getSeverity()).isEqualTo(Severity.P3);
        assertThat(h.incident(id).getOwner()).isEqualTo("yuki");
        assertThat(h.notifications).singleElement().satisfies(n -> {
            assertThat(n.getKind()).isEqualTo(NotificationKind.INCIDENT_OPENED);
            assertThat(n.getChannel()).isEqualTo(Channel.EMAIL);
            assertThat(n.getPageAction()).isNull();
            assertThat(n.getRecipientRole()).isEqualTo("assigned-engineer");
            assertThat(recipientIds(n)).containsExactly("yuki");
            assertThat(n.getDueAt()).isEqualTo(T0.plus(Duration.ofHours(4)));
        });
    }

    @Test
    void escalatesP3ToOnCallAfterFourHoursWithoutProgress() {
        String id = h.open(anAlert().component("analytics").tenants("acme"));

        h.advanceTo(T0.plus(Duration.ofHours(4)));

        assertThat(h.escalations).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo(EscalationReason.NO_PROGRESS);
            assertThat(e.getFromRole()).isEqualTo("assigned-engineer");
            assertThat(e.getToRole()).isEqualTo("on-call");
            assertThat(e.getToPeople()).containsExactly("jonas");
        });
        assertThat(h.notifications(NotificationKind.ESCALATED)).singleElement()
                .satisfies(n -> assertThat(n.getChannel()).isEqualTo(Channel.PAGE));
        assertThat(h.incident(id).getEscalatedTo()).containsExactly("on-call");
    }

    @Test
    void restartsTheP3ClockOnAnyCommand() {
        String id = h.open(anAlert().component("analytics").tenants("acme"));
        h.advanceTo(T0.plus(Duration.ofHours(3)));
        h.command(id, CommandAction.ACKNOWLEDGE, "yuki");
        h.advanceTo(T0.plus(Duration.ofHours(6)));
        h.command(id, CommandAction.UPDATE, "yuki", b -> b.setMessage("Tracking script blocked by CSP"));

        h.advanceTo(T0.plus(Duration.ofHours(10)).minusMillis(1));
        assertThat(h.escalations).isEmpty();
        assertThat(h.incident(id).getResponseDueAt()).isEqualTo(T0.plus(Duration.ofHours(10)));

        h.advanceTo(T0.plus(Duration.ofHours(10)));
        assertThat(h.escalations).singleElement()
                .satisfies(e -> assertThat(e.getReason()).isEqualTo(EscalationReason.NO_PROGRESS));
    }

    @Test
    void escalatesP3AtOnceWhenBlocked() {
        String id = h.open(anAlert().component("analytics").tenants("acme"));
        h.advanceBy(Duration.ofMinutes(30));

        Decision blocked = h.command(id, CommandAction.BLOCK, "yuki", b -> b.setReason("needs Segment access"));

        assertThat(blocked.escalations()).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo(EscalationReason.BLOCKED);
            assertThat(e.getToRole()).isEqualTo("on-call");
            assertThat(e.getBy()).isEqualTo("yuki");
            assertThat(e.getSummary()).contains("blocked: needs Segment access");
        });
        assertThat(blocked.notifications()).extracting(Notification::getKind).containsExactly(NotificationKind.ESCALATED);
        assertThat(h.incident(id).getBlockedReason()).isEqualTo("needs Segment access");
        h.advanceBy(Duration.ofHours(8));
        assertThat(h.escalations).hasSize(1);
    }

    @Test
    void emailsP4NeverEscalatesAndIsDueTheNextBusinessDay() {
        // Friday evening: the next business day is Monday.
        h.now = Instant.parse("2026-03-20T18:00:00Z");
        String id = h.open(anAlert().component("ui").tenants("acme").impact(Impact.COSMETIC));

        assertThat(h.incident(id).getSeverity()).isEqualTo(Severity.P4);
        assertThat(h.incident(id).getResponseDueAt()).isEqualTo(Instant.parse("2026-03-23T09:00:00Z"));
        assertThat(h.notifications).singleElement().satisfies(n -> {
            assertThat(n.getChannel()).isEqualTo(Channel.EMAIL);
            assertThat(n.getRecipientRole()).isEqualTo("assigned-engineer");
            assertThat(recipientIds(n)).containsExactly("yuki");
            assertThat(n.getDueAt()).isEqualTo(Instant.parse("2026-03-23T09:00:00Z"));
        });
        assertThat(h.state.allClocks()).isEmpty();

        h.advanceBy(Duration.ofDays(10));
        assertThat(h.escalations).isEmpty();
        assertThat(h.command(id, CommandAction.ESCALATE, "yuki").timeline()).singleElement()
                .satisfies(e -> assertThat(e.getDetails()).containsEntry("httpStatus", "409"));
    }

    @Test
    void recordsTheLatenessOfAClockThatFiresLate() {
        String id = p1();

        h.fireLateAt(T0.plus(Duration.ofMinutes(15)).plusSeconds(42));

        Escalation escalation = h.escalations.get(0);
        assertThat(escalation.getLateMillis()).isEqualTo(42_000);
        assertThat(escalation.getAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)).plusSeconds(42));
        TimelineEntry fired = h.timeline(id, TimelineType.CLOCK_FIRED).get(0);
        assertThat(fired.getLateMillis()).isEqualTo(42_000);
        assertThat(fired.getDetails()).containsEntry("clock", "response-window");
        assertThat(h.timeline(id, TimelineType.ESCALATED).get(0).getLateMillis()).isEqualTo(42_000);
    }

    @Test
    void ignoresAResponseWindowClockThatNoLongerApplies() {
        String id = p1();
        PendingClock window = h.clocks(id, ClockType.RESPONSE_WINDOW).get(0);
        h.advanceBy(Duration.ofMinutes(5));
        h.command(id, CommandAction.MITIGATE, "jonas");

        // A stale copy of the clock (e.g. fired from an old store) changes nothing.
        Decision stale = h.engine.onClock(window, T0.plus(Duration.ofMinutes(15)), h.state);

        assertThat(stale.isEmpty()).isTrue();
    }

    @Test
    void escalatesOnRequestOnceThenRejectsAnotherEscalation() {
        String id = h.open(anAlert().component("builder").tenants("acme"));
        h.advanceBy(Duration.ofMinutes(10));

        Decision manual = h.command(id, CommandAction.ESCALATE, "jonas", b -> b.setMessage("need a second pair of eyes"));
        Decision again = h.command(id, CommandAction.ESCALATE, "jonas");

        assertThat(manual.escalations()).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo(EscalationReason.MANUAL);
            assertThat(e.getToRole()).isEqualTo("team-lead");
            assertThat(e.getBy()).isEqualTo("jonas");
        });
        assertThat(again.escalations()).isEmpty();
        assertThat(again.timeline()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(TimelineType.COMMAND_REJECTED);
            assertThat(e.getSummary()).contains("already escalated to team-lead");
        });
        h.advanceBy(Duration.ofHours(2));
        assertThat(h.escalations).hasSize(1);
    }

    @Test
    void acknowledgesAndResolvesTheP1PagesPerRolePagedNamingEachRole() {
        String id = p1();
        h.advanceBy(Duration.ofMinutes(3));

        Decision acknowledged = h.command(id, CommandAction.ACKNOWLEDGE, "jonas");

        // Like INCIDENT_OPENED (on-call) and ALL_HANDS (everyone): one per role, named for its people.
        assertThat(acknowledged.notifications()).filteredOn(n -> n.getKind() == NotificationKind.INCIDENT_ACKNOWLEDGED)
                .extracting(Notification::getRecipientRole).containsExactly("on-call", "everyone");
        Notification everyone = acknowledged.notifications().stream()
                .filter(n -> "everyone".equals(n.getRecipientRole())).findFirst().orElseThrow();
        assertThat(recipientIds(everyone)).containsExactly("mira", "jonas", "dana", "erik", "priya", "yuki");
        assertThat(everyone.getChannel()).isEqualTo(Channel.PAGE);
        assertThat(everyone.getPageAction()).isEqualTo(PageAction.ACKNOWLEDGE);
        assertThat(h.timeline(id, TimelineType.NOTIFIED)).extracting(TimelineEntry::getSummary)
                .contains("Paged everyone (mira, jonas, dana, erik, priya, yuki): INCIDENT_ACKNOWLEDGED");

        h.advanceTo(T0.plus(Duration.ofMinutes(15)));
        assertThat(h.escalations).singleElement().satisfies(e -> assertThat(e.getToRole()).isEqualTo("cto"));
        Decision resolved = h.command(id, CommandAction.RESOLVE, "jonas",
                b -> b.setRootCause("r").setImpact("i").setPrevention("p"));

        assertThat(resolved.notifications()).filteredOn(n -> n.getKind() == NotificationKind.INCIDENT_RESOLVED)
                .allSatisfy(n -> assertThat(n.getPageAction()).isEqualTo(PageAction.RESOLVE))
                .extracting(n -> n.getRecipientRole() + ":" + String.join(",", recipientIds(n)))
                .containsExactly("on-call:jonas", "everyone:mira,jonas,dana,erik,priya,yuki", "cto:mira");
    }

    @Test
    void resolvesThePagesOfTheSeverityTheyWereSentUnderAfterItWasLowered() {
        String id = h.open(anAlert().component("builder").tenants("acme"));
        h.command(id, CommandAction.SET_SEVERITY, "jonas", b -> b.setSeverity(Severity.P3).setReason("workaround exists"));

        Decision resolved = h.command(id, CommandAction.RESOLVE, "jonas");

        // P3 emails its first responder, but on-call was paged while it was P2: that page still ends.
        assertThat(resolved.notifications()).singleElement().satisfies(n -> {
            assertThat(n.getKind()).isEqualTo(NotificationKind.INCIDENT_RESOLVED);
            assertThat(n.getRecipientRole()).isEqualTo("on-call");
            assertThat(recipientIds(n)).containsExactly("jonas");
        });
    }

    @Test
    void sendsNoAcknowledgeOrResolvePageWhenNobodyWasPaged() {
        String id = h.open(anAlert().component("analytics").tenants("acme"));

        h.command(id, CommandAction.ACKNOWLEDGE, "yuki");
        h.command(id, CommandAction.RESOLVE, "yuki");

        assertThat(h.notifications).extracting(Notification::getKind).containsExactly(NotificationKind.INCIDENT_OPENED);
    }

    @Test
    void acknowledgesOnlyThePagesSentSinceTheLastResolveAfterAReopen() {
        String id = p1();
        h.command(id, CommandAction.RESOLVE, "jonas", b -> b.setRootCause("r").setImpact("i").setPrevention("p"));
        h.command(id, CommandAction.REOPEN, "jonas");

        Decision acknowledged = h.command(id, CommandAction.ACKNOWLEDGE, "jonas");

        assertThat(acknowledged.notifications()).filteredOn(n -> n.getKind() == NotificationKind.INCIDENT_ACKNOWLEDGED)
                .extracting(Notification::getRecipientRole).containsExactly("on-call");
    }
}
