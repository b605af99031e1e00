package io.agentix.incident.escalation.core;

import static io.agentix.incident.escalation.core.AlertSpec.anAlert;
import static io.agentix.incident.escalation.core.EngineHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.PageAction;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Behaviour 8: operator commands, legal transitions only; everything else rejected with a clear reason. */
class CommandsTest {

    private final EngineHarness h = new EngineHarness();

    private String p2() {
        return h.open(anAlert().component("inbox").tenants("acme"));
    }

    private TimelineEntry rejected(Decision decision) {
        assertThat(decision.incident()).as("a rejection changes nothing: the incident is not republished").isEmpty();
        assertThat(decision.escalations()).isEmpty();
        assertThat(decision.notifications()).isEmpty();
        assertThat(decision.clocksToSet()).isEmpty();
        assertThat(decision.clocksToCancel()).isEmpty();
        assertThat(decision.timeline()).hasSize(1);
        TimelineEntry entry = decision.timeline().get(0);
        assertThat(entry.getType()).isEqualTo(TimelineType.COMMAND_REJECTED);
        return entry;
    }

    @Test
    void walksThroughTheLifecycleWithLegalCommands() {
        String id = p2();
        h.advanceBy(Duration.ofMinutes(2));
        h.command(id, CommandAction.ACKNOWLEDGE, "jonas");
        h.command(id, CommandAction.ASSIGN, "jonas", b -> b.setAssignee("dana"));
        h.command(id, CommandAction.UPDATE, "dana", b -> b.setMessage("Redis pool exhausted"));
        h.advanceBy(Duration.ofMinutes(10));
        h.command(id, CommandAction.MITIGATE, "dana");
        h.advanceBy(Duration.ofMinutes(10));
        h.command(id, CommandAction.RESOLVE, "dana", b -> b.setRootCause("r").setImpact("i").setPrevention("p"));

        Incident incident = h.incident(id);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.getAcknowledgedBy()).isEqualTo("jonas");
        assertThat(incident.getAcknowledgedAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(incident.getOwner()).isEqualTo("dana");
        assertThat(incident.getLatestUpdate()).isEqualTo("Redis pool exhausted");
        assertThat(incident.getMitigatedAt()).isEqualTo(T0.plus(Duration.ofMinutes(12)));
        assertThat(incident.getResolvedAt()).isEqualTo(T0.plus(Duration.ofMinutes(22)));
        assertThat(incident.getRootCause()).isEqualTo("r");
        assertThat(incident.getImpactSummary()).isEqualTo("i");
        assertThat(incident.getPrevention()).isEqualTo("p");
        assertThat(incident.getLastProgressAt()).isEqualTo(T0.plus(Duration.ofMinutes(22)));
        assertThat(h.timeline(id, TimelineType.COMMAND_APPLIED)).extracting(TimelineEntry::getSummary).containsExactly(
                "Acknowledged by jonas", "Assigned to Dana Kim by jonas", "Update by dana: Redis pool exhausted",
                "Mitigated by dana", "Resolved by dana");
        assertThat(h.timeline(id, TimelineType.COMMAND_APPLIED)).extracting(TimelineEntry::getRefId)
                .containsExactly("cmd-1", "cmd-2", "cmd-3", "cmd-4", "cmd-5");
        // The pages sent at opening are acknowledged and resolved at the pager too.
        assertThat(h.notifications(NotificationKind.INCIDENT_ACKNOWLEDGED)).singleElement()
                .satisfies(n -> assertThat(n.getPageAction()).isEqualTo(PageAction.ACKNOWLEDGE));
        assertThat(h.notifications(NotificationKind.INCIDENT_RESOLVED)).singleElement()
                .satisfies(n -> assertThat(n.getPageAction()).isEqualTo(PageAction.RESOLVE));
    }

    @Test
    void rejectsACommandForAnUnknownIncidentWith404() {
        IncidentCommand command = command("INC-20990101-0042", CommandAction.ACKNOWLEDGE, b -> { });

        Decision decision = h.command(command);

        assertThat(decision.incident()).isEmpty();
        TimelineEntry entry = rejected(decision);
        assertThat(entry.getIncidentId()).isEqualTo("INC-20990101-0042");
        assertThat(entry.getSequence()).isZero();
        assertThat(entry.getActor()).isEqualTo("jonas");
        assertThat(entry.getRefId()).isEqualTo("cmd-x");
        assertThat(entry.getDetails()).containsEntry("httpStatus", "404").containsEntry("action", "acknowledge")
                .containsEntry("reason", "no incident INC-20990101-0042");
        assertThat(h.engine.check(command, Optional.empty())).contains(new CommandRejection(404, "no incident INC-20990101-0042"));
    }

    @Test
    void rejectsAnIllegalTransitionWith409AndAppliesNothing() {
        String id = p2();
        h.command(id, CommandAction.RESOLVE, "jonas", b -> b.setRootCause("r").setImpact("i").setPrevention("p"));
        Incident before = h.incident(id);

        Decision decision = h.command(id, CommandAction.ACKNOWLEDGE, "jonas");

        TimelineEntry entry = rejected(decision);
        assertThat(entry.getSummary()).isEqualTo("Rejected acknowledge by jonas: " + id + " is RESOLVED: acknowledge needs OPEN");
        assertThat(entry.getDetails()).containsEntry("httpStatus", "409");
        assertThat(entry.getSequence()).as("the version it was checked against").isEqualTo(before.getVersion());
        assertThat(entry.getSeverity()).isEqualTo(before.getSeverity());
        assertThat(decision.seenEventIds()).containsExactly(Ids.commandDedupId("cmd-2"));
        assertThat(h.incident(id)).isEqualTo(before);
    }

    @Test
    void recordsACommandTheApiRefusedWithItsReasonAndAppliesNothingEvenWhenItsStateWouldAllowIt() {
        String id = p2();
        Incident before = h.incident(id);
        // The API saw an older state (or another rule) and answered 409; the engine now would accept it.
        IncidentCommand refused = command(id, CommandAction.ACKNOWLEDGE, b -> b.setRejection(id + " is already acknowledged"));
        assertThat(h.engine.check(refused, Optional.of(before))).isEmpty();

        TimelineEntry entry = rejected(h.command(refused));

        assertThat(entry.getSummary()).isEqualTo("Rejected acknowledge by jonas: " + id + " is already acknowledged");
        assertThat(entry.getDetails()).containsEntry("action", "acknowledge").containsEntry("rejectedBy", "api")
                .containsEntry("reason", id + " is already acknowledged").doesNotContainKey("httpStatus");
        assertThat(entry.getRefId()).isEqualTo("cmd-x");
        assertThat(entry.getSequence()).isEqualTo(before.getVersion());
        assertThat(h.incident(id)).isEqualTo(before);
        assertThat(h.incident(id).getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(h.command(refused).isEmpty()).as("a retry of the refused command").isTrue();
    }

    @Test
    void recordsARefusalForAnUnknownIncidentUnderItsId() {
        IncidentCommand refused = command("INC-20990101-0042", CommandAction.RESOLVE,
                b -> b.setRejection("no incident INC-20990101-0042"));

        Decision decision = h.command(refused);

        assertThat(decision.incident()).isEmpty();
        TimelineEntry entry = rejected(decision);
        assertThat(entry.getIncidentId()).isEqualTo("INC-20990101-0042");
        assertThat(entry.getSequence()).isZero();
        assertThat(entry.getSeverity()).isNull();
        assertThat(entry.getDetails()).containsEntry("rejectedBy", "api")
                .containsEntry("reason", "no incident INC-20990101-0042");
    }

    @Test
    void explainsAnAcknowledgeOfAnAcknowledgedIncident() {
        String id = p2();
        h.command(id, CommandAction.ACKNOWLEDGE, "jonas");

        TimelineEntry entry = rejected(h.command(id, CommandAction.ACKNOWLEDGE, "dana"));

        assertThat(entry.getDetails()).containsEntry("reason", id + " is already acknowledged by jonas");
    }

    @Test
    void rejectsAMissingFieldWith400() {
        String id = p2();

        assertThat(rejected(h.command(id, CommandAction.UPDATE, "jonas")).getDetails())
                .containsEntry("httpStatus", "400").containsEntry("reason", "update needs 'message': the update text for the status update");
        assertThat(rejected(h.command(id, CommandAction.DISMISS, "jonas")).getDetails())
                .containsEntry("reason", "dismiss needs 'reason': why it is a false positive");
        assertThat(rejected(h.command(id, CommandAction.BLOCK, "jonas")).getDetails())
                .containsEntry("reason", "block needs 'reason': what blocks progress");
        assertThat(rejected(h.command(id, CommandAction.SET_SEVERITY, "jonas", b -> b.setReason("x"))).getDetails())
                .containsEntry("reason", "set-severity needs 'severity': P1, P2, P3 or P4");
        assertThat(rejected(h.command(id, CommandAction.SET_SEVERITY, "jonas", b -> b.setSeverity(Severity.P1)))
                .getDetails()).containsEntry("reason", "set-severity needs 'reason': why the severity changes");
        assertThat(rejected(h.command(id, CommandAction.ASSIGN, "jonas", b -> b.setAssignee("nobody"))).getDetails()
                .get("reason")).startsWith("assign: 'nobody' is not a person in the policy (people: mira, jonas");
        assertThat(rejected(h.command(id, CommandAction.RESOLVE, "jonas", b -> b.setRootCause("r"))).getDetails())
                .containsEntry("reason", "resolve of a P2 incident needs rootCause, impact and prevention for the"
                        + " customers' resolution notice; missing: impact, prevention");
        assertThat(rejected(h.command(id, CommandAction.ACKNOWLEDGE, " ")).getDetails())
                .containsEntry("reason", "acknowledge needs 'by': who issues the command");
        assertThat(h.incident(id).getStatus()).isEqualTo(IncidentStatus.OPEN);
        assertThat(h.incident(id).getLastProgressAt()).isNull();
    }

    @Test
    void checksForTheApiExactlyAsItApplies() {
        String id = p2();
        Optional<Incident> incident = Optional.of(h.incident(id));

        assertThat(h.engine.check(command(id, CommandAction.ACKNOWLEDGE, b -> { }), incident)).isEmpty();
        assertThat(h.engine.check(command(id, CommandAction.CLOSE, b -> { }), incident))
                .contains(new CommandRejection(409, id + " is OPEN: close needs RESOLVED"));
        assertThat(h.engine.check(command(id, CommandAction.REOPEN, b -> { }), incident))
                .contains(new CommandRejection(409, id + " is OPEN: reopen needs RESOLVED, CLOSED or DISMISSED"));
        assertThat(h.engine.check(command(id, CommandAction.POSTMORTEM_DONE, b -> { }), incident))
                .contains(new CommandRejection(409, id + " has no post-mortem scheduled (P1/P2 get one when resolved)"));
        assertThat(h.engine.check(command(id, CommandAction.SET_SEVERITY, b -> b.setSeverity(Severity.P2).setReason("x")),
                incident)).contains(new CommandRejection(409, id + " is already P2"));
    }

    @Test
    void appliesARepeatedCommandIdOnce() {
        String id = p2();
        IncidentCommand update = command(id, CommandAction.UPDATE, b -> b.setMessage("first"));
        h.command(update);

        Decision again = h.command(update);

        assertThat(again.isEmpty()).isTrue();
        assertThat(h.timeline(id, TimelineType.COMMAND_APPLIED)).hasSize(1);
    }

    @Test
    void dismissesAFalsePositiveAndEndsItsPages() {
        String id = p2();

        Decision dismissed = h.command(id, CommandAction.DISMISS, "jonas", b -> b.setReason("monitor misconfigured"));

        Incident incident = h.incident(id);
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.DISMISSED);
        assertThat(incident.getDismissedAt()).isEqualTo(T0);
        assertThat(dismissed.timeline().get(0).getSummary())
                .isEqualTo("Dismissed as a false positive by jonas: monitor misconfigured");
        assertThat(dismissed.notifications()).singleElement().satisfies(n -> {
            assertThat(n.getKind()).isEqualTo(NotificationKind.INCIDENT_RESOLVED);
            assertThat(n.getPageAction()).isEqualTo(PageAction.RESOLVE);
        });
        assertThat(h.state.allClocks()).isEmpty();
        assertThat(h.state.openIncidentForComponent("inbox")).isEmpty();
        assertThat(rejected(h.command(id, CommandAction.MITIGATE, "jonas")).getDetails()).containsEntry("httpStatus", "409");
    }

    @Test
    void lowersTheSeverityOnCommandWithTheReasonAndTheNewLevelsClocks() {
        String id = p2();
        h.advanceBy(Duration.ofMinutes(20));

        Decision lowered = h.command(id, CommandAction.SET_SEVERITY, "jonas",
                b -> b.setSeverity(Severity.P3).setReason("one tenant, workaround exists"));

        Incident incident = h.incident(id);
        assertThat(incident.getSeverity()).isEqualTo(Severity.P3);
        assertThat(incident.getSeverityReasons()).last().asString()
                .isEqualTo("set from P2 to P3 by jonas at 2026-03-16 10:20 UTC: one tenant, workaround exists");
        assertThat(lowered.escalations()).isEmpty();
        assertThat(lowered.notifications()).singleElement().satisfies(n -> {
            assertThat(n.getKind()).isEqualTo(NotificationKind.SEVERITY_CHANGED);
            assertThat(n.getRecipientRole()).isEqualTo("assigned-engineer");
        });
        assertThat(h.timeline(id, TimelineType.SEVERITY_CHANGED)).singleElement()
                .satisfies(e -> assertThat(e.getActor()).isEqualTo("jonas"));
        // P3: no customer clocks; the no-progress window counts from this command.
        assertThat(h.state.allClocks()).extracting(PendingClock::type).containsExactly(ClockType.RESPONSE_WINDOW);
        assertThat(incident.getResponseDueAt()).isEqualTo(T0.plus(Duration.ofMinutes(20)).plus(Duration.ofHours(4)));
    }

    @Test
    void raisesTheSeverityOnCommandAsASeverityRaisedEscalation() {
        String id = h.open(anAlert().component("analytics").tenants("acme"));

        Decision raised = h.command(id, CommandAction.SET_SEVERITY, "yuki",
                b -> b.setSeverity(Severity.P1).setReason("every tenant's dashboards are empty"));

        assertThat(raised.escalations()).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo(io.agentix.incident.events.EscalationReason.SEVERITY_RAISED);
            assertThat(e.getBy()).isEqualTo("yuki");
            assertThat(e.getToRole()).isEqualTo("on-call");
        });
        assertThat(raised.notifications()).extracting(n -> n.getKind())
                .containsExactly(NotificationKind.SEVERITY_CHANGED, NotificationKind.ALL_HANDS);
        assertThat(h.incident(id).getResponseDueAt()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    }

    @Test
    void marksThePostmortemDoneOnce() {
        String id = p2();
        h.command(id, CommandAction.RESOLVE, "jonas", b -> b.setRootCause("r").setImpact("i").setPrevention("p"));
        h.command(id, CommandAction.POSTMORTEM_DONE, "jonas");

        TimelineEntry entry = rejected(h.command(id, CommandAction.POSTMORTEM_DONE, "jonas"));

        assertThat(entry.getDetails()).containsEntry("reason", id + ": the post-mortem is already marked done");
    }

    @Test
    void theAcknowledgerBecomesTheOwnerWhenNobodyWasAssigned() {
        String id = p2();
        assertThat(h.incident(id).getOwner()).as("the paged first responder").isEqualTo("jonas");

        Decision acknowledged = h.command(id, CommandAction.ACKNOWLEDGE, "dana", b -> b.setMessage("on it"));

        assertThat(h.incident(id).getOwner()).isEqualTo("dana");
        assertThat(h.incident(id).getAcknowledgedBy()).isEqualTo("dana");
        assertThat(acknowledged.timeline().get(0).getSummary()).isEqualTo("Acknowledged by dana (now the owner, was jonas): on it");
    }

    @Test
    void theFirstResponderAcknowledgingKeepsTheOwnershipWithoutANote() {
        String id = p2();

        Decision acknowledged = h.command(id, CommandAction.ACKNOWLEDGE, "jonas");

        assertThat(h.incident(id).getOwner()).isEqualTo("jonas");
        assertThat(acknowledged.timeline().get(0).getSummary()).isEqualTo("Acknowledged by jonas");
    }

    @Test
    void anAssignmentWinsOverALaterAcknowledge() {
        String id = p2();
        h.command(id, CommandAction.ASSIGN, "jonas", b -> b.setAssignee("erik"));

        Decision acknowledged = h.command(id, CommandAction.ACKNOWLEDGE, "dana");

        assertThat(h.incident(id).getOwner()).isEqualTo("erik");
        assertThat(h.incident(id).getAcknowledgedBy()).isEqualTo("dana");
        assertThat(acknowledged.timeline().get(0).getSummary()).isEqualTo("Acknowledged by dana");
    }

    @Test
    void anAssignmentAfterTheAcknowledgeStillMovesTheOwnership() {
        String id = p2();
        h.command(id, CommandAction.ACKNOWLEDGE, "dana");

        h.command(id, CommandAction.ASSIGN, "dana", b -> b.setAssignee("erik"));

        assertThat(h.incident(id).getOwner()).isEqualTo("erik");
    }

    @Test
    void mitigatingAnUnacknowledgedIncidentClaimsItLikeAnAcknowledge() {
        String id = p2();

        Decision mitigated = h.command(id, CommandAction.MITIGATE, "priya");

        assertThat(h.incident(id).getOwner()).isEqualTo("priya");
        assertThat(h.incident(id).getAcknowledgedBy()).isEqualTo("priya");
        assertThat(mitigated.timeline().get(0).getSummary()).isEqualTo("Mitigated by priya (now the owner, was jonas)");
    }

    @Test
    void mitigatingAnAcknowledgedIncidentLeavesTheOwnerAlone() {
        String id = p2();
        h.command(id, CommandAction.ACKNOWLEDGE, "dana");

        h.command(id, CommandAction.MITIGATE, "priya");

        assertThat(h.incident(id).getOwner()).isEqualTo("dana");
        assertThat(h.incident(id).getAcknowledgedBy()).isEqualTo("dana");
    }

    @Test
    void anAcknowledgerWhoIsNotAPersonOfThePolicyDoesNotBecomeTheOwner() {
        String id = p2();

        Decision acknowledged = h.command(id, CommandAction.ACKNOWLEDGE, "contractor-bob");

        assertThat(h.incident(id).getAcknowledgedBy()).isEqualTo("contractor-bob");
        assertThat(h.incident(id).getOwner()).as("reminders need a person with an address").isEqualTo("jonas");
        assertThat(acknowledged.timeline().get(0).getSummary()).isEqualTo("Acknowledged by contractor-bob");
    }

    private static IncidentCommand command(String incidentId, CommandAction action, Consumer<IncidentCommand.Builder> fields) {
        IncidentCommand.Builder builder = IncidentCommand.newBuilder().setCommandId("cmd-x").setIncidentId(incidentId)
                .setAction(action).setBy("jonas").setIssuedAt(T0).setSource("api");
        fields.accept(builder);
        return builder.build();
    }
}
