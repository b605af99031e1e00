package io.agentix.incident.escalation.core;

import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.events.IncidentStatus;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which command is legal when (runbook section 4 and the lifecycle OPEN -> ACKNOWLEDGED -> MITIGATED ->
 * RESOLVED -> CLOSED, or DISMISSED), and which fields each needs. Checked in this order: unknown
 * incident (404), not allowed in the incident's state (409), a field missing or invalid (400).
 */
final class CommandRules {

    private static final Set<IncidentStatus> ACTIVE = EnumSet.of(IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED,
            IncidentStatus.MITIGATED);
    private static final Set<IncidentStatus> UNMITIGATED = EnumSet.of(IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED);

    private final PolicyView view;

    CommandRules(PolicyView view) {
        this.view = Objects.requireNonNull(view, "view");
    }

    /** The statuses an action may be applied in. */
    static Set<IncidentStatus> allowedIn(CommandAction action) {
        return switch (action) {
            case ACKNOWLEDGE -> EnumSet.of(IncidentStatus.OPEN);
            case DISMISS, MITIGATE -> UNMITIGATED;
            case RESOLVE, UPDATE, ASSIGN, BLOCK, ESCALATE, SET_SEVERITY -> ACTIVE;
            case REOPEN -> EnumSet.of(IncidentStatus.RESOLVED, IncidentStatus.CLOSED, IncidentStatus.DISMISSED);
            case CLOSE -> EnumSet.of(IncidentStatus.RESOLVED);
            case POSTMORTEM_DONE -> EnumSet.allOf(IncidentStatus.class);
        };
    }

    /** The operator API's and the command topic's name of an action: {@code set-severity}. */
    static String actionName(CommandAction action) {
        return action.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    Optional<CommandRejection> check(IncidentCommand command, Optional<Incident> maybeIncident) {
        Objects.requireNonNull(command, "command");
        String action = actionName(command.getAction());
        if (maybeIncident.isEmpty()) {
            return Optional.of(CommandRejection.notFound("no incident " + command.getIncidentId()));
        }
        Incident incident = maybeIncident.get();
        String id = incident.getIncidentId();
        IncidentStatus status = incident.getStatus();
        Set<IncidentStatus> allowed = allowedIn(command.getAction());
        if (!allowed.contains(status)) {
            if (command.getAction() == CommandAction.ACKNOWLEDGE && status == IncidentStatus.ACKNOWLEDGED) {
                return conflict(id + " is already acknowledged" + (incident.getAcknowledgedBy() == null ? ""
                        : " by " + incident.getAcknowledgedBy()));
            }
            return conflict(id + " is " + status + ": " + action + " needs " + describe(allowed));
        }
        switch (command.getAction()) {
            case ESCALATE -> {
                Optional<String> next = view.pendingEscalation(incident);
                if (next.isEmpty()) {
                    return conflict(view.severityOf(incident).escalateTo().isEmpty() || !view.severityOf(incident).escalates()
                            ? id + " is " + incident.getSeverity() + ": that level has no escalation path"
                            : id + " is already escalated to " + view.severityOf(incident).escalateTo().orElseThrow()
                                    + ", the last step of the " + incident.getSeverity() + " path");
                }
            }
            case SET_SEVERITY -> {
                if (command.getSeverity() != null && command.getSeverity() == incident.getSeverity()) {
                    return conflict(id + " is already " + incident.getSeverity());
                }
            }
            case POSTMORTEM_DONE -> {
                if (incident.getPostmortem() == null) {
                    return conflict(id + " has no post-mortem scheduled (P1/P2 get one when resolved)");
                }
                if (incident.getPostmortem().getDone()) {
                    return conflict(id + ": the post-mortem is already marked done");
                }
            }
            default -> {
                // no state condition beyond the status
            }
        }
        if (blank(command.getBy())) {
            return badRequest(action + " needs 'by': who issues the command");
        }
        return switch (command.getAction()) {
            case DISMISS -> require(action, "reason", command.getReason(), "why it is a false positive");
            case BLOCK -> require(action, "reason", command.getReason(), "what blocks progress");
            case UPDATE -> require(action, "message", command.getMessage(), "the update text for the status update");
            case ASSIGN -> {
                if (blank(command.getAssignee())) {
                    yield badRequest("assign needs 'assignee': the person to assign");
                }
                if (view.policy().person(command.getAssignee()).isEmpty()) {
                    yield badRequest("assign: '" + command.getAssignee() + "' is not a person in the policy (people: "
                            + String.join(", ", view.policy().people().stream().map(p -> p.id()).toList()) + ")");
                }
                yield Optional.empty();
            }
            case SET_SEVERITY -> {
                if (command.getSeverity() == null) {
                    yield badRequest("set-severity needs 'severity': P1, P2, P3 or P4");
                }
                yield require(action, "reason", command.getReason(), "why the severity changes");
            }
            case RESOLVE -> {
                if (view.severityOf(incident).communication().map(c -> c.resolutionNotice()).orElse(false)) {
                    List<String> missing = new ArrayList<>();
                    if (blank(command.getRootCause())) {
                        missing.add("rootCause");
                    }
                    if (blank(command.getImpact())) {
                        missing.add("impact");
                    }
                    if (blank(command.getPrevention())) {
                        missing.add("prevention");
                    }
                    if (!missing.isEmpty()) {
                        yield badRequest("resolve of a " + incident.getSeverity() + " incident needs rootCause, impact and"
                                + " prevention for the customers' resolution notice; missing: " + String.join(", ", missing));
                    }
                }
                yield Optional.empty();
            }
            default -> Optional.empty();
        };
    }

    private static Optional<CommandRejection> require(String action, String field, String value, String what) {
        return blank(value) ? badRequest(action + " needs '" + field + "': " + what) : Optional.empty();
    }

    private static String describe(Set<IncidentStatus> statuses) {
        List<String> names = statuses.stream().map(Enum::name).toList();
        return names.size() == 1 ? names.get(0) : String.join(", ", names.subList(0, names.size() - 1)) + " or "
                + names.get(names.size() - 1);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static Optional<CommandRejection> conflict(String reason) {
        return Optional.of(CommandRejection.conflict(reason));
    }

    private static Optional<CommandRejection> badRequest(String reason) {
        return Optional.of(CommandRejection.badRequest(reason));
    }
}
