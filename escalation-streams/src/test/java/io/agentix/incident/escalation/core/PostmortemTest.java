package io.agentix.incident.escalation.core;

import static io.agentix.incident.escalation.core.AlertSpec.anAlert;
import static io.agentix.incident.escalation.core.EngineHarness.T0;
import static io.agentix.incident.escalation.core.EngineHarness.recipientIds;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.PostmortemState;
import io.agentix.incident.events.TimelineType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Behaviour 7: post-mortem for P1/P2 on resolve, with the draft; reminder when the write-up is overdue. */
class PostmortemTest {

    private final EngineHarness h = new EngineHarness();

    /** Monday 10:00 P2 on the inbox, resolved at 11:30. */
    private String resolvedP2() {
        String id = h.open(anAlert().component("inbox").tenants("acme", "globex")
                .title("Inbox not loading for some tenants"));
        h.advanceTo(T0.plus(Duration.ofMinutes(5)));
        h.command(id, CommandAction.ACKNOWLEDGE, "jonas");
        h.command(id, CommandAction.UPDATE, "jonas", b -> b.setMessage("Rolling back release 2026.03.2"));
        h.advanceTo(T0.plus(Duration.ofMinutes(30)));
        h.command(id, CommandAction.MITIGATE, "jonas");
        h.advanceTo(T0.plus(Duration.ofMinutes(90)));
        h.command(id, CommandAction.RESOLVE, "jonas", b -> b.setRootCause("A release exhausted the Redis pool.")
                .setImpact("Inbox did not load for 30 minutes.").setPrevention("Pool size alert."));
        return id;
    }

    @Test
    void schedulesThePostmortemOnResolveWithTheDraftAndItsTimeline() {
        String id = resolvedP2();

        Incident incident = h.incident(id);
        PostmortemState postmortem = incident.getPostmortem();
        Instant resolvedAt = T0.plus(Duration.ofMinutes(90));
        assertThat(postmortem.getScheduledAt()).isEqualTo(resolvedAt);
        assertThat(postmortem.getMeetingDueAt()).isEqualTo(resolvedAt.plus(Duration.ofHours(48)));
        // Five business days after detection (Monday 10:00): the next Monday 10:00.
        assertThat(postmortem.getWriteupDueAt()).isEqualTo(Instant.parse("2026-03-23T10:00:00Z"));
        assertThat(postmortem.getDraftPath())
                .isEqualTo("docs/runbooks/post-mortems/2026-03-16-inbox-not-loading-for-some-tenants.md");
        assertThat(postmortem.getDone()).isFalse();

        Notification scheduled = h.notifications(NotificationKind.POSTMORTEM_SCHEDULED).get(0);
        assertThat(h.notifications(NotificationKind.POSTMORTEM_SCHEDULED)).hasSize(1);
        assertThat(scheduled.getChannel()).isEqualTo(Channel.EMAIL);
        assertThat(scheduled.getRecipientRole()).isEqualTo("everyone");
        assertThat(recipientIds(scheduled)).hasSize(6);
        assertThat(scheduled.getDueAt()).isEqualTo(postmortem.getMeetingDueAt());
        assertThat(scheduled.getBody()).contains("Meeting:   by 2026-03-18 11:30 UTC",
                "Write-up:  by 2026-03-23 10:00 UTC (5 business days)", postmortem.getDraftPath());
        assertThat(scheduled.getAttachmentName()).isEqualTo(postmortem.getDraftPath());
        assertThat(scheduled.getAttachment())
                .startsWith("# Post-mortem: Inbox not loading for some tenants\n")
                .contains("| 2026-03-16 10:00:00 UTC | Opened as P2 (Major): Inbox not loading for some tenants |",
                        "| 2026-03-16 10:05:00 UTC | Acknowledged by jonas |",
                        "| 2026-03-16 10:05:00 UTC | Update by jonas: Rolling back release 2026.03.2 |",
                        "| 2026-03-16 10:30:00 UTC | Mitigated by jonas |",
                        "| 2026-03-16 11:30:00 UTC | Resolved by jonas |",
                        "A release exhausted the Redis pool.", "Inbox did not load for 30 minutes.", "Pool size alert.");
    }

    @Test
    void servesTheSameDraftFromTheStoredIncidentAndTimeline() {
        String id = resolvedP2();

        String draft = PostmortemDrafts.render(h.incident(id), h.state.timelineOf(id));

        assertThat(draft).contains("| Status | RESOLVED |", "| Detection to resolution | 1 h 30 min |",
                "| 2026-03-16 11:30:00 UTC | Resolved by jonas |",
                "| 2026-03-16 11:30:00 UTC | Emailed everyone (mira, jonas, dana, erik, priya, yuki): POSTMORTEM_SCHEDULED |");
    }

    @Test
    void remindsTheOwnerWhenTheWriteupIsOverdueAndNotDone() {
        String id = resolvedP2();

        h.advanceTo(Instant.parse("2026-03-23T10:00:00Z").minusMillis(1));
        assertThat(h.notifications(NotificationKind.POSTMORTEM_REMINDER)).isEmpty();
        h.advanceTo(Instant.parse("2026-03-23T10:00:00Z"));

        assertThat(h.notifications(NotificationKind.POSTMORTEM_REMINDER)).singleElement().satisfies(n -> {
            assertThat(recipientIds(n)).containsExactly("jonas");
            assertThat(n.getSubject()).isEqualTo("[Post-mortem overdue] " + id + ": Inbox not loading for some tenants");
            assertThat(n.getDueAt()).isEqualTo(Instant.parse("2026-03-23T10:00:00Z"));
        });
    }

    @Test
    void remindsAgainAtTheStartOfEveryBusinessDayUntilTheWriteupIsMarkedDone() {
        String id = resolvedP2();

        // Due Monday 10:00; then every business day at 09:00, the weekend skipped.
        h.advanceTo(Instant.parse("2026-03-30T12:00:00Z"));

        assertThat(h.notifications(NotificationKind.POSTMORTEM_REMINDER)).extracting(Notification::getCreatedAt)
                .containsExactly(Instant.parse("2026-03-23T10:00:00Z"), Instant.parse("2026-03-24T09:00:00Z"),
                        Instant.parse("2026-03-25T09:00:00Z"), Instant.parse("2026-03-26T09:00:00Z"),
                        Instant.parse("2026-03-27T09:00:00Z"), Instant.parse("2026-03-30T09:00:00Z"));
        assertThat(h.notifications(NotificationKind.POSTMORTEM_REMINDER)).allSatisfy(n -> {
            assertThat(recipientIds(n)).containsExactly("jonas");
            assertThat(n.getDueAt()).as("the deadline that was missed").isEqualTo(Instant.parse("2026-03-23T10:00:00Z"));
        });
        assertThat(h.clocks(id, ClockType.POSTMORTEM_WRITEUP)).singleElement().satisfies(c -> {
            assertThat(c.deadline()).isEqualTo(Instant.parse("2026-03-31T09:00:00Z"));
            assertThat(c.generation()).isEqualTo(7);
        });

        h.command(id, CommandAction.POSTMORTEM_DONE, "jonas");
        h.advanceBy(Duration.ofDays(30));

        assertThat(h.notifications(NotificationKind.POSTMORTEM_REMINDER)).hasSize(6);
        assertThat(h.clocks(id, ClockType.POSTMORTEM_WRITEUP)).isEmpty();
    }

    @Test
    void remindsOnceAfterAnOutageAndThenOnTheNextBusinessDayWithoutCatchingUp() {
        String id = resolvedP2();
        h.advanceTo(Instant.parse("2026-03-23T10:00:00Z"));

        // Down from Monday 10:00 to Thursday 15:00: Tuesday's reminder fires once, late; Wednesday's and
        // Thursday's are not sent in a burst, the next one is Friday's.
        h.fireLateAt(Instant.parse("2026-03-26T15:00:00Z"));

        assertThat(h.notifications(NotificationKind.POSTMORTEM_REMINDER)).extracting(Notification::getCreatedAt)
                .containsExactly(Instant.parse("2026-03-23T10:00:00Z"), Instant.parse("2026-03-26T15:00:00Z"));
        assertThat(h.timeline(id, TimelineType.CLOCK_FIRED)).last()
                .satisfies(e -> assertThat(e.getLateMillis()).isEqualTo(Duration.ofHours(54).toMillis()));
        assertThat(h.clocks(id, ClockType.POSTMORTEM_WRITEUP)).singleElement()
                .satisfies(c -> assertThat(c.deadline()).isEqualTo(Instant.parse("2026-03-27T09:00:00Z")));
    }

    @Test
    void remindsTheAcknowledgerWhoClaimedTheIncident() {
        String id = h.open(anAlert().component("inbox").tenants("acme", "globex"));
        h.command(id, CommandAction.ACKNOWLEDGE, "erik");
        h.command(id, CommandAction.RESOLVE, "erik", b -> b.setRootCause("r").setImpact("i").setPrevention("p"));

        h.advanceTo(Instant.parse("2026-03-24T09:00:00Z"));

        assertThat(h.notifications(NotificationKind.POSTMORTEM_REMINDER)).hasSize(2)
                .allSatisfy(n -> assertThat(recipientIds(n)).containsExactly("erik"));
    }

    @Test
    void doesNotRemindOnceTheWriteupIsMarkedDone() {
        String id = resolvedP2();
        h.advanceBy(Duration.ofDays(2));

        Decision done = h.command(id, CommandAction.POSTMORTEM_DONE, "jonas");
        h.advanceBy(Duration.ofDays(30));

        assertThat(h.incident(id).getPostmortem().getDone()).isTrue();
        assertThat(done.clocksToCancel()).extracting(PendingClock::type).containsExactly(ClockType.POSTMORTEM_WRITEUP);
        assertThat(h.notifications(NotificationKind.POSTMORTEM_REMINDER)).isEmpty();
    }

    @Test
    void remindsAtOnceWhenResolvedAfterTheWriteupDeadline() {
        String id = h.open(anAlert().component("inbox").tenants("acme", "globex"));
        h.advanceTo(T0.plus(Duration.ofDays(8)));

        h.command(id, CommandAction.RESOLVE, "jonas", b -> b.setRootCause("r").setImpact("i").setPrevention("p"));

        // Due Monday 2026-03-23 10:00, resolved Tuesday 10:00: reminded at once, next on Wednesday 09:00.
        assertThat(h.notifications(NotificationKind.POSTMORTEM_REMINDER)).singleElement()
                .satisfies(n -> assertThat(n.getCreatedAt()).isEqualTo(T0.plus(Duration.ofDays(8))));
        assertThat(h.clocks(id, ClockType.POSTMORTEM_WRITEUP)).singleElement()
                .satisfies(c -> assertThat(c.deadline()).isEqualTo(Instant.parse("2026-03-25T09:00:00Z")));
    }

    @Test
    void schedulesNoPostmortemForP3() {
        String id = h.open(anAlert().component("analytics").tenants("acme"));

        h.command(id, CommandAction.RESOLVE, "yuki");

        assertThat(h.incident(id).getPostmortem()).isNull();
        assertThat(h.notifications(NotificationKind.POSTMORTEM_SCHEDULED)).isEmpty();
    }

    @Test
    void schedulesThePostmortemOnceWhenAReopenedIncidentIsResolvedAgain() {
        String id = resolvedP2();
        h.command(id, CommandAction.REOPEN, "jonas");

        h.command(id, CommandAction.RESOLVE, "jonas", b -> b.setRootCause("r").setImpact("i").setPrevention("p"));

        assertThat(h.notifications(NotificationKind.POSTMORTEM_SCHEDULED)).hasSize(1);
        assertThat(h.notifications(NotificationKind.RESOLUTION_NOTICE)).hasSize(4);
    }
}
