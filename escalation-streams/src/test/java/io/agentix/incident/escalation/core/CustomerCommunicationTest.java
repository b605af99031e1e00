package io.agentix.incident.escalation.core;

import static io.agentix.incident.escalation.core.AlertSpec.anAlert;
import static io.agentix.incident.escalation.core.EngineHarness.T0;
import static io.agentix.incident.escalation.core.EngineHarness.recipientIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentix.incident.events.Audience;
import io.agentix.incident.events.Channel;
import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Behaviour 5: customer communication for P1/P2, and the owner's reminders. */
class CustomerCommunicationTest {

    private final EngineHarness h = new EngineHarness();

    /** P2 on the inbox for acme and globex; owner jonas (on-call). */
    private String p2() {
        return h.open(anAlert().component("inbox").tenants("acme", "globex"));
    }

    @Test
    void sendsTheInitialNoticeToTheAffectedTenantsContactsOnAcknowledge() {
        String id = p2();
        h.advanceBy(Duration.ofMinutes(7));

        Decision acknowledged = h.command(id, CommandAction.ACKNOWLEDGE, "jonas");

        List<Notification> notices = h.notifications(NotificationKind.INITIAL_NOTICE);
        assertThat(notices).hasSize(2);
        assertThat(notices).allSatisfy(n -> {
            assertThat(n.getAudience()).isEqualTo(Audience.CUSTOMERS);
            assertThat(n.getChannel()).isEqualTo(Channel.EMAIL);
            assertThat(n.getRecipientRole()).isNull();
            assertThat(n.getSubject()).isEqualTo("[Agentix] Service Disruption — We’re Investigating");
            assertThat(n.getBody()).startsWith("We are aware of a service disruption affecting inbox.")
                    .contains("We will provide an update within 1 hour.", "support@agentixx.io")
                    .doesNotContain("TimeoutError");
            assertThat(n.getDueAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
            assertThat(n.getLinks()).isEmpty();
        });
        assertThat(recipientIds(notices.get(0))).containsExactly("acme:ops@acme.example", "acme:it-support@acme.example");
        assertThat(notices.get(0).getRecipients()).allSatisfy(r -> assertThat(r.getTenant()).isEqualTo("acme"));
        assertThat(recipientIds(notices.get(1))).containsExactly("globex:incidents@globex.example");
        assertThat(h.incident(id).getInitialNoticeSentAt()).isEqualTo(T0.plus(Duration.ofMinutes(7)));
        assertThat(acknowledged.clocksToCancel()).extracting(PendingClock::type).contains(ClockType.INITIAL_NOTICE);
    }

    @Test
    void sendsTheInitialNoticeAtTheDeadlineWhenNobodyAcknowledges() {
        String id = h.open(anAlert().component("inbox").tenants().allTenants());

        h.advanceTo(T0.plus(Duration.ofMinutes(30)).minusMillis(1));
        assertThat(h.notifications(NotificationKind.INITIAL_NOTICE)).isEmpty();
        h.advanceTo(T0.plus(Duration.ofMinutes(30)));

        // All tenants: every tenant of the policy with contacts (acme, globex, mueller).
        assertThat(h.notifications(NotificationKind.INITIAL_NOTICE)).hasSize(3)
                .allSatisfy(n -> assertThat(n.getCreatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(30))));
        assertThat(h.incident(id).getInitialNoticeSentAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    }

    @Test
    void neverSendsAnInitialNoticeForADismissedIncident() {
        String id = p2();
        h.advanceBy(Duration.ofMinutes(5));

        h.command(id, CommandAction.DISMISS, "jonas", b -> b.setReason("synthetic test alert"));
        h.advanceBy(Duration.ofHours(5));

        assertThat(h.notifications).noneMatch(n -> n.getAudience() == Audience.CUSTOMERS);
        assertThat(h.state.allClocks()).isEmpty();
    }

    @Test
    void sendsStatusUpdatesEveryHourForP2WithTheLatestUpdateAndRemindsTheOwnerFiveMinutesBefore() {
        String id = p2();
        h.advanceTo(T0.plus(Duration.ofMinutes(10)));
        h.command(id, CommandAction.ACKNOWLEDGE, "jonas");
        h.advanceTo(T0.plus(Duration.ofMinutes(40)));
        h.command(id, CommandAction.UPDATE, "jonas", b -> b.setMessage("We found the cause and are deploying a fix."));

        h.advanceTo(T0.plus(Duration.ofMinutes(65)));
        assertThat(h.notifications(NotificationKind.UPDATE_REMINDER)).singleElement().satisfies(n -> {
            assertThat(n.getCreatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(65)));
            assertThat(n.getAudience()).isEqualTo(Audience.TEAM);
            assertThat(recipientIds(n)).containsExactly("jonas");
            assertThat(n.getDueAt()).isEqualTo(T0.plus(Duration.ofMinutes(70)));
            assertThat(n.getBody()).contains("We found the cause and are deploying a fix.");
        });
        assertThat(h.notifications(NotificationKind.STATUS_UPDATE)).isEmpty();

        h.advanceTo(T0.plus(Duration.ofMinutes(70)));
        assertThat(h.notifications(NotificationKind.STATUS_UPDATE)).hasSize(2).allSatisfy(n -> {
            assertThat(n.getAudience()).isEqualTo(Audience.CUSTOMERS);
            assertThat(n.getSubject()).isEqualTo("[Agentix] Update on Service Disruption");
            assertThat(n.getBody()).contains("Current status: We found the cause and are deploying a fix.",
                    "next update in 1 hour");
            assertThat(n.getCreatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(70)));
        });

        h.command(id, CommandAction.UPDATE, "jonas", b -> b.setMessage("Fix deployed, watching."));
        h.advanceTo(T0.plus(Duration.ofMinutes(130)));
        List<Notification> updates = h.notifications(NotificationKind.STATUS_UPDATE);
        assertThat(updates).hasSize(4);
        assertThat(updates.get(2).getBody()).contains("Current status: Fix deployed, watching.");
        assertThat(h.notifications(NotificationKind.UPDATE_REMINDER)).extracting(Notification::getCreatedAt)
                .containsExactly(T0.plus(Duration.ofMinutes(65)), T0.plus(Duration.ofMinutes(125)));
    }

    @Test
    void sendsTheResolutionNoticeWithRootCauseImpactAndPreventionAndStopsTheUpdates() {
        String id = p2();
        h.advanceTo(T0.plus(Duration.ofMinutes(10)));
        h.command(id, CommandAction.ACKNOWLEDGE, "jonas");
        h.advanceTo(T0.plus(Duration.ofMinutes(50)));

        h.command(id, CommandAction.RESOLVE, "jonas", b -> b.setRootCause("A configuration change slowed the inbox.")
                .setImpact("The inbox took up to a minute to load for two tenants.")
                .setPrevention("We load-test configuration changes."));
        h.advanceBy(Duration.ofHours(4));

        List<Notification> resolution = h.notifications(NotificationKind.RESOLUTION_NOTICE);
        assertThat(resolution).hasSize(2).allSatisfy(n -> {
            assertThat(n.getAudience()).isEqualTo(Audience.CUSTOMERS);
            assertThat(n.getSubject()).isEqualTo("[Agentix] Service Restored");
            assertThat(n.getBody()).contains(
                    "The issue affecting inbox has been resolved as of 2026-03-16 10:50 UTC.",
                    "Root cause: A configuration change slowed the inbox.",
                    "Impact: The inbox took up to a minute to load for two tenants.",
                    "What we’re doing to prevent this: We load-test configuration changes.",
                    "within 5 business days");
            assertThat(n.getDueAt()).isEqualTo(T0.plus(Duration.ofMinutes(110)));
        });
        assertThat(h.notifications(NotificationKind.STATUS_UPDATE)).isEmpty();
        assertThat(h.notifications(NotificationKind.UPDATE_REMINDER)).isEmpty();
    }

    @Test
    void sendsNoResolutionNoticeToCustomersWhoWereNeverToldAndNotesWhy() {
        String id = p2();
        h.advanceBy(Duration.ofMinutes(20));

        h.command(id, CommandAction.RESOLVE, "jonas", b -> b.setRootCause("r").setImpact("i").setPrevention("p"));
        h.advanceBy(Duration.ofHours(3));

        assertThat(h.incident(id).getInitialNoticeSentAt()).isNull();
        assertThat(h.notifications).noneMatch(n -> n.getAudience() == Audience.CUSTOMERS);
        assertThat(h.timeline(id, TimelineType.OTHER)).singleElement().satisfies(e -> {
            assertThat(e.getSummary()).isEqualTo("RESOLUTION_NOTICE not sent: the customers were never told of this"
                    + " incident (it was resolved before the initial notice went out)");
            assertThat(e.getDetails()).containsEntry("kind", "RESOLUTION_NOTICE")
                    .containsEntry("problem", "no initial notice sent");
            assertThat(e.getAt()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
        });
    }

    @Test
    void sendsTheResolutionNoticeWhenTheInitialNoticeWentOutAtItsDeadline() {
        String id = p2();
        h.advanceTo(T0.plus(Duration.ofMinutes(70)));

        h.command(id, CommandAction.RESOLVE, "jonas", b -> b.setRootCause("r").setImpact("i").setPrevention("p"));

        assertThat(h.notifications(NotificationKind.INITIAL_NOTICE)).hasSize(2)
                .allSatisfy(n -> assertThat(n.getCreatedAt()).isEqualTo(T0.plus(Duration.ofHours(1))));
        assertThat(h.notifications(NotificationKind.RESOLUTION_NOTICE)).hasSize(2)
                .allSatisfy(n -> assertThat(n.getCreatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(70))));
    }

    @Test
    void remindsTheAcknowledgerWhoClaimedTheIncidentToUpdateAndTrack() {
        String id = p2();
        h.command(id, CommandAction.ACKNOWLEDGE, "dana");

        h.advanceTo(T0.plus(Duration.ofHours(1)));

        assertThat(h.notifications(NotificationKind.UPDATE_REMINDER)).singleElement().satisfies(n -> {
            assertThat(recipientIds(n)).containsExactly("dana");
            assertThat(n.getRecipientRole()).isEqualTo("owner");
        });
        assertThat(h.notifications(NotificationKind.TRACKING_REMINDER)).singleElement()
                .satisfies(n -> assertThat(recipientIds(n)).containsExactly("dana"));
    }

    @Test
    void remindsTheOwnerToUpdateTheTrackingThreadEveryThirtyMinutesForP1UntilResolved() {
        String id = h.open(anAlert().component("inbox").tenants().allTenants());

        h.advanceTo(T0.plus(Duration.ofMinutes(95)));
        h.command(id, CommandAction.RESOLVE, "jonas", b -> b.setRootCause("r").setImpact("i").setPrevention("p"));
        h.advanceBy(Duration.ofHours(3));

        assertThat(h.notifications(NotificationKind.TRACKING_REMINDER)).extracting(Notification::getCreatedAt)
                .containsExactly(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(60)),
                        T0.plus(Duration.ofMinutes(90)));
        assertThat(h.notifications(NotificationKind.TRACKING_REMINDER)).allSatisfy(n -> {
            assertThat(recipientIds(n)).containsExactly("jonas");
            assertThat(n.getChannel()).isEqualTo(Channel.EMAIL);
            assertThat(n.getBody()).contains("every 30 minutes");
        });
    }

    @Test
    void remindsTheAssigneeOnceAssigned() {
        String id = p2();
        h.command(id, CommandAction.ASSIGN, "jonas", b -> b.setAssignee("dana"));

        h.advanceTo(T0.plus(Duration.ofHours(1)));

        assertThat(h.notifications(NotificationKind.TRACKING_REMINDER)).singleElement()
                .satisfies(n -> assertThat(recipientIds(n)).containsExactly("dana"));
    }

    @Test
    void notesATenantWithoutContactsInsteadOfSkippingItSilently() {
        String id = h.open(anAlert().component("inbox").tenants("acme", "initech"));

        h.command(id, CommandAction.ACKNOWLEDGE, "jonas");

        assertThat(h.notifications(NotificationKind.INITIAL_NOTICE)).singleElement()
                .satisfies(n -> assertThat(recipientIds(n)).containsExactly("acme:ops@acme.example",
                        "acme:it-support@acme.example"));
        List<TimelineEntry> notes = h.timeline(id, TimelineType.OTHER);
        assertThat(notes).singleElement().satisfies(e -> {
            assertThat(e.getSummary()).isEqualTo("INITIAL_NOTICE not sent to tenant Initech: the policy lists no contacts for it");
            assertThat(e.getDetails()).containsEntry("tenant", "initech");
        });
    }

    @Test
    void notesWhenNoAffectedTenantIsKnown() {
        String id = h.open(anAlert().component("inbox").tenants());

        h.command(id, CommandAction.ACKNOWLEDGE, "jonas");

        assertThat(h.notifications(NotificationKind.INITIAL_NOTICE)).isEmpty();
        assertThat(h.timeline(id, TimelineType.OTHER)).singleElement()
                .satisfies(e -> assertThat(e.getSummary()).contains("no affected tenant is known"));
    }

    @Test
    void sendsNoCustomerCommunicationForP3() {
        String id = h.open(anAlert().component("analytics").tenants("acme"));
        h.command(id, CommandAction.ACKNOWLEDGE, "yuki");
        h.advanceBy(Duration.ofHours(3));
        h.command(id, CommandAction.RESOLVE, "yuki");
        h.advanceBy(Duration.ofHours(1));

        assertThat(h.notifications).noneMatch(n -> n.getAudience() == Audience.CUSTOMERS);
        assertThat(h.notifications(NotificationKind.TRACKING_REMINDER)).isEmpty();
    }

    @Test
    void resumesTheCadenceAfterARestartWithoutABurstOfCatchUpUpdates() {
        String id = p2();
        h.command(id, CommandAction.ACKNOWLEDGE, "jonas");
        h.advanceTo(T0.plus(Duration.ofMinutes(30)));

        // Down from 00:30 to 03:20: the due clocks fire once, late; the next ones are on the grid ahead.
        h.fireLateAt(T0.plus(Duration.ofMinutes(200)));

        assertThat(h.notifications(NotificationKind.STATUS_UPDATE)).hasSize(2);
        assertThat(h.clocks(id, ClockType.STATUS_UPDATE)).singleElement()
                .satisfies(c -> assertThat(c.deadline()).isEqualTo(T0.plus(Duration.ofHours(4))));
        assertThat(h.clocks(id, ClockType.UPDATE_REMINDER)).singleElement()
                .satisfies(c -> assertThat(c.deadline()).isEqualTo(T0.plus(Duration.ofMinutes(235))));
        assertThat(h.clocks(id, ClockType.TRACKING_REMINDER)).singleElement()
                .satisfies(c -> assertThat(c.deadline()).isEqualTo(T0.plus(Duration.ofHours(4))));
        Instant late = T0.plus(Duration.ofMinutes(200));
        assertThat(h.timeline(id, TimelineType.CLOCK_FIRED)).allSatisfy(e -> assertThat(e.getAt()).isEqualTo(late));
    }
}
