package io.agentix.incident.escalation.core;

import io.agentix.incident.escalation.policy.CommunicationPolicy;
import io.agentix.incident.escalation.policy.ComponentPolicy;
import io.agentix.incident.escalation.policy.EscalationTrigger;
import io.agentix.incident.escalation.policy.Person;
import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.escalation.policy.PostmortemPolicy;
import io.agentix.incident.escalation.policy.RolePolicy;
import io.agentix.incident.escalation.policy.RunbookLink;
import io.agentix.incident.escalation.policy.SeverityPolicy;
import io.agentix.incident.escalation.policy.TemplateVariables;
import io.agentix.incident.escalation.core.Messages.TeamMessage;
import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.Channel;
import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.DeployRef;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.EscalationReason;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.PageAction;
import io.agentix.incident.events.PostmortemState;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The runbook's decisions, pure: given one input (an alert, a command, a clock that ran out), the state
 * it may read and the time, it says everything that changes, as a {@link Decision}. It reads no clock
 * (time is the {@code now} it is given), does no I/O and keeps no state between calls, so the processor
 * can replay an input after a crash and get the same outputs, ids included.
 *
 * <p>What it decides: classification (runbook section 1), dedup and grouping, the incident lifecycle
 * and its commands (section 4), response windows and escalations (section 3), on-call from the last
 * deploy to main, customer communication (section 5), verification and close, and post-mortems
 * (section 6). Every output leaves a timeline entry, numbered with the incident's version.
 *
 * <p>Conventions the processor, the API and the simulator rely on:
 * <ul>
 *   <li>Incident ids {@code INC-<yyyyMMdd of detection, UTC>-<4-digit sequence>}; notification ids
 *       {@code <incidentId>:<kind>:<n>} with n the sequence of the NOTIFIED entry recording it;
 *       escalation ids {@code <incidentId>:<reason>:<level>}.</li>
 *   <li>An incident's {@code version} is always the sequence of its last timeline entry that changed
 *       it. A rejected command changes nothing: its COMMAND_REJECTED entry carries the version the command
 *       was checked against (0 for an unknown id) and the decision has no incident, so nothing is
 *       republished on {@code incidents}. Such entries share a sequence with the change before them; the
 *       timeline store tells them apart by their command id.</li>
 *   <li>Applied alert event ids and commands ({@code command:<commandId>}) come back in
 *       {@code seenEventIds}; a repeat of either is an empty decision.</li>
 *   <li>Clocks: every decision compares the clocks the incident needs ({@link ClockPlan}) with the stored
 *       ones and returns the difference; the clock being fired is never returned to cancel.</li>
 *   <li>Classification: when in doubt one level up, where "doubt" is no tenant named (the scope could be
 *       everyone) or no policy component where a core one would decide higher (P3 -> P2). Severity rises
 *       by itself only on new evidence (another dedup key, tenant, component or "all tenants"), never
 *       falls by itself; an operator's set-severity stands until new evidence arrives.</li>
 * </ul>
 */
public final class IncidentEngine {

    private final Policy policy;
    private final PolicyView view;
    private final SeverityClassifier classifier;
    private final ClockPlan clocks;
    private final Messages messages;
    private final CommandRules rules;

    public IncidentEngine(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.view = new PolicyView(policy);
        this.classifier = new SeverityClassifier(policy);
        this.clocks = new ClockPlan(view);
        this.messages = new Messages(view);
        this.rules = new CommandRules(view);
    }

    // ---- alerts --------------------------------------------------------------------------------

    /** An alert from {@code alerts}, processed at {@code now} (its record timestamp: receivedAt). */
    public Decision onAlert(AlertEvent alert, Instant now, EngineState state) {
        Objects.requireNonNull(alert, "alert");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(state, "state");
        if (state.seenEvent(alert.getEventId())) {
            return Decision.empty();
        }
        return switch (alert.getKind()) {
            case TRIGGERED -> triggered(alert, now, state);
            case RESOLVED -> resolvedAtSource(alert, now, state);
            case ACKNOWLEDGED -> acknowledgedAtSource(alert, now, state);
        };
    }

    private Decision triggered(AlertEvent alert, Instant now, EngineState state) {
        Optional<ComponentPolicy> component = policy.componentFor(alert);
        Optional<Incident> byKey = state.incidentForDedupKey(alert.getDedupKey()).flatMap(state::incident)
                .filter(incident -> joinable(incident, now) || stillDismissed(incident, alert));
        if (byKey.isPresent()) {
            return join(byKey.get(), alert, component, now, state, byKey.get().getStatus() == IncidentStatus.DISMISSED
                    ? "same dedup key, still firing since the incident was dismissed as a false positive" : "same dedup key");
        }
        if (component.isPresent()) {
            Optional<Incident> byComponent = state.openIncidentForComponent(component.get().name()).flatMap(state::incident)
                    .filter(incident -> joinable(incident, now))
                    .filter(incident -> !now.isAfter(incident.getDetectedAt().plus(policy.correlationWindow())));
            if (byComponent.isPresent()) {
                return join(byComponent.get(), alert, component, now, state,
                        "same component " + component.get().name() + " within the correlation window of "
                                + TemplateVariables.duration(policy.correlationWindow()));
            }
        }
        return open(alert, component, now, state);
    }

    /** Still taking alerts: active, or resolved and inside its verification window (then it reopens). */
    private boolean joinable(Incident incident, Instant now) {
        if (PolicyView.active(incident.getStatus())) {
            return true;
        }
        return incident.getStatus() == IncidentStatus.RESOLVED && incident.getResolvedAt() != null
                && now.isBefore(incident.getResolvedAt().plus(policy.verificationWindow()));
    }

    /**
     * A dismissed (false positive) incident absorbs repeats of its problem while the source has not
     * resolved it: otherwise a noisy monitor would open, and page for, a new incident with every event.
     */
    private static boolean stillDismissed(Incident incident, AlertEvent alert) {
        return incident.getStatus() == IncidentStatus.DISMISSED && incident.getOpenDedupKeys().contains(alert.getDedupKey());
    }

    private Decision open(AlertEvent alert, Optional<ComponentPolicy> component, Instant now, EngineState state) {
        long sequence = state.lastIncidentSequence() + 1;
        String incidentId = Ids.incidentId(now, sequence);
        SeverityClassifier.Verdict verdict = classifier.classify(factsOf(alert, component));
        SeverityPolicy severity = policy.severity(verdict.severity());
        OnCall onCall = onCallAt(now, state);
        List<DeployRef> deploys = recentDeploys(now, state);

        List<Link> links = new ArrayList<>();
        addLinks(links, alert.getLinks());
        component.flatMap(ComponentPolicy::runbook).ifPresent(r -> addLink(links, r));
        if (!deploys.isEmpty()) {
            addLink(links, policy.rollbackRunbook());
        }
        Incident.Builder incident = Incident.newBuilder()
                .setIncidentId(incidentId)
                .setVersion(0)
                .setPolicyVersion(policy.version())
                .setStatus(IncidentStatus.OPEN)
                .setSeverity(verdict.severity())
                .setSeverityReasons(verdict.reasons())
                .setTitle(alert.getTitle())
                .setDescription(alert.getDescription())
                .setComponents(component.map(c -> List.of(c.name())).orElse(List.of()))
                .setTenants(List.copyOf(new LinkedHashSet<>(alert.getTenants())))
                .setAllTenants(alert.getAllTenants())
                .setSources(List.of(alert.getSource()))
                .setDedupKeys(List.of(alert.getDedupKey()))
                .setOpenDedupKeys(List.of(alert.getDedupKey()))
                .setAlertCount(1)
                .setDetectedAt(now)
                .setSourceEventTime(alert.getOccurredAt())
                .setUpdatedAt(now)
                .setResponseDueAt(policy.responseDeadline(verdict.severity(), now))
                .setEscalationLevel(0)
                .setEscalatedTo(List.of())
                .setOnCall(onCall.personId())
                .setRecentDeploys(deploys)
                .setLinks(links);
        Change change = new Change(incident, now);
        List<Person> firstResponders = view.people(severity.firstResponder(), change.current());
        incident.setOwner(firstResponders.get(0).id());

        TimelineEntry.Builder opened = change.entry(TimelineType.OPENED, alert.getReporter(),
                        "Opened as " + verdict.severity() + " (" + severity.name() + "): " + alert.getTitle())
                .setToStatus(IncidentStatus.OPEN)
                .setRefId(alert.getEventId());
        Map<String, String> details = opened.getDetails();
        details.put("eventId", alert.getEventId());
        details.put("dedupKey", alert.getDedupKey());
        details.put("source", alert.getSource());
        details.put("severityReasons", String.join("; ", verdict.reasons()));
        details.put("onCall", onCall.why());
        if (!deploys.isEmpty()) {
            details.put("recentDeploys", deploys.size() + " deploy(s) to main in the "
                    + TemplateVariables.duration(policy.recentDeployWindow()) + " before detection; rollback: "
                    + policy.rollbackRunbook().url());
        }
        change.add(opened);

        pageFirstResponders(change, severity, NotificationKind.INCIDENT_OPENED);
        for (String role : severity.alsoNotify()) {
            messages.toTeam(change, new TeamMessage(NotificationKind.ALL_HANDS, role, view.people(role, change.current()),
                    Channel.PAGE, change.incident.getResponseDueAt(), Map.of()));
        }
        change.seen(alert.getEventId());
        change.opened(sequence);
        return finish(change, null, List::of);
    }

    private Decision join(Incident incident, AlertEvent alert, Optional<ComponentPolicy> component, Instant now,
                          EngineState state, String why) {
        Change change = new Change(Incident.newBuilder(incident), now);
        Incident.Builder working = change.incident;
        if (incident.getStatus() == IncidentStatus.RESOLVED) {
            reopen(change, null, "fired again within the verification window of "
                    + TemplateVariables.duration(policy.verificationWindow()) + ": " + alert.getTitle(), alert.getEventId());
        }
        boolean newKey = !incident.getDedupKeys().contains(alert.getDedupKey());
        Set<String> tenantsBefore = new LinkedHashSet<>(incident.getTenants());
        List<String> addedTenants = new ArrayList<>();
        for (String tenant : alert.getTenants()) {
            if (tenantsBefore.add(tenant)) {
                addedTenants.add(tenant);
            }
        }
        boolean becameAllTenants = alert.getAllTenants() && !incident.getAllTenants();
        boolean addedComponent = component.isPresent() && !incident.getComponents().contains(component.get().name());

        working.setTenants(List.copyOf(tenantsBefore));
        working.setAllTenants(incident.getAllTenants() || alert.getAllTenants());
        if (addedComponent) {
            working.setComponents(append(incident.getComponents(), component.get().name()));
        }
        if (newKey) {
            working.setDedupKeys(append(incident.getDedupKeys(), alert.getDedupKey()));
        }
        if (!working.getOpenDedupKeys().contains(alert.getDedupKey())) {
            working.setOpenDedupKeys(append(working.getOpenDedupKeys(), alert.getDedupKey()));
        }
        if (!incident.getSources().contains(alert.getSource())) {
            working.setSources(append(incident.getSources(), alert.getSource()));
        }
        List<Link> links = new ArrayList<>(incident.getLinks());
        addLinks(links, alert.getLinks());
        component.flatMap(ComponentPolicy::runbook).ifPresent(r -> addLink(links, r));
        working.setLinks(links);
        working.setAlertCount(incident.getAlertCount() + 1);

        TimelineEntry.Builder added = change.entry(TimelineType.ALERT_ADDED, alert.getReporter(),
                "Alert added (" + why + "): " + alert.getTitle()).setRefId(alert.getEventId());
        added.getDetails().put("eventId", alert.getEventId());
        added.getDetails().put("dedupKey", alert.getDedupKey());
        added.getDetails().put("source", alert.getSource());
        if (!addedTenants.isEmpty()) {
            added.getDetails().put("addedTenants", String.join(",", addedTenants));
        }
        if (addedComponent) {
            added.getDetails().put("addedComponent", component.get().name());
        }
        change.add(added);

        // Severity only rises by itself, and only on new evidence: another problem (dedup key), another
        // tenant or component, or every tenant. A repeat of the same problem never re-raises a severity an
        // operator lowered.
        boolean newEvidence = (newKey || !addedTenants.isEmpty() || becameAllTenants || addedComponent)
                && incident.getStatus() != IncidentStatus.DISMISSED;
        if (newEvidence) {
            List<ComponentPolicy> components = view.componentsOf(change.current());
            SeverityClassifier.Verdict verdict = classifier.classify(new SeverityClassifier.Facts(
                    Set.copyOf(working.getTenants()), working.getAllTenants(), components, alert.getImpact(),
                    alert.getSeverityHint(), alert.getSeverityHintReason()));
            if (SeverityClassifier.higher(verdict.severity(), working.getSeverity())) {
                String trigger = raiseTrigger(alert, addedTenants, becameAllTenants, addedComponent ? component.get() : null,
                        tenantsBefore.size());
                List<String> reasons = new ArrayList<>(verdict.reasons());
                reasons.add("raised from " + working.getSeverity() + " to " + verdict.severity() + " at "
                        + messages.time(now) + ": " + trigger);
                changeSeverity(change, verdict.severity(), reasons, null, trigger, state);
            }
        }
        change.seen(alert.getEventId());
        return finish(change, incident, () -> state.clocksOf(incident.getIncidentId()));
    }

    private static String raiseTrigger(AlertEvent alert, List<String> addedTenants, boolean becameAllTenants,
                                       ComponentPolicy addedComponent, int tenantCount) {
        if (becameAllTenants) {
            return alert.getSource() + " reports every tenant affected (" + alert.getTitle() + ")";
        }
        if (!addedTenants.isEmpty()) {
            String ordinal = tenantCount == 2 ? "a second tenant" : "more tenants";
            return ordinal + " (" + String.join(", ", addedTenants) + ") reported the same problem: " + alert.getTitle();
        }
        if (addedComponent != null) {
            return "component " + addedComponent.name() + (addedComponent.core() ? " (core)" : "") + " affected too: "
                    + alert.getTitle();
        }
        return "another alert: " + alert.getTitle()
                + (alert.getSeverityHintReason() == null ? "" : " (" + alert.getSeverityHintReason() + ")");
    }

    private Decision resolvedAtSource(AlertEvent alert, Instant now, EngineState state) {
        Optional<Incident> found = state.incidentForDedupKey(alert.getDedupKey()).flatMap(state::incident);
        if (found.isEmpty() || !found.get().getOpenDedupKeys().contains(alert.getDedupKey())) {
            // A resolve for a key no incident holds open (never seen, already resolved, or closed): harmless.
            return Decision.empty();
        }
        Incident incident = found.get();
        Change change = new Change(Incident.newBuilder(incident), now);
        List<String> open = new ArrayList<>(incident.getOpenDedupKeys());
        open.remove(alert.getDedupKey());
        change.incident.setOpenDedupKeys(open);
        TimelineEntry.Builder entry = change.entry(TimelineType.ALERT_RESOLVED, null,
                "Resolved at the source (" + alert.getSource() + "): " + alert.getTitle()
                        + (open.isEmpty() ? "" : "; " + open.size() + " alert(s) still firing"))
                .setRefId(alert.getEventId());
        entry.getDetails().put("eventId", alert.getEventId());
        entry.getDetails().put("dedupKey", alert.getDedupKey());
        change.add(entry);
        if (open.isEmpty() && PolicyView.active(incident.getStatus())) {
            resolve(change, null, "Resolved: every alert was resolved at the source", TimelineType.STATUS_CHANGED,
                    null, null, null, alert.getEventId(), state);
        }
        change.seen(alert.getEventId());
        return finish(change, incident, () -> state.clocksOf(incident.getIncidentId()));
    }

    private Decision acknowledgedAtSource(AlertEvent alert, Instant now, EngineState state) {
        Optional<Incident> found = state.incidentForDedupKey(alert.getDedupKey()).flatMap(state::incident)
                .filter(incident -> PolicyView.active(incident.getStatus()));
        if (found.isEmpty()) {
            return Decision.empty();
        }
        // The source's acknowledgement is a fact worth keeping, not the operator's acknowledge: the
        // runbook's step 1 (confirm, assign, track) is still owed, so the status does not change.
        Change change = new Change(Incident.newBuilder(found.get()), now);
        TimelineEntry.Builder entry = change.entry(TimelineType.OTHER, alert.getReporter(),
                "Acknowledged at the source (" + alert.getSource() + "): " + alert.getTitle()).setRefId(alert.getEventId());
        entry.getDetails().put("eventId", alert.getEventId());
        entry.getDetails().put("dedupKey", alert.getDedupKey());
        change.add(entry);
        change.seen(alert.getEventId());
        return finish(change, found.get(), () -> state.clocksOf(found.get().getIncidentId()));
    }

    // ---- commands ------------------------------------------------------------------------------

    /**
     * The same validation {@link #onCommand} applies, for the operator API: empty when the command would
     * apply, else the HTTP status (404, 409, 400) and the reason.
     */
    public Optional<CommandRejection> check(IncidentCommand command, Optional<Incident> incident) {
        return rules.check(command, Objects.requireNonNull(incident, "incident"));
    }

    /**
     * A command from {@code incident-commands}. An invalid one is not applied: the decision holds only a
     * COMMAND_REJECTED timeline entry (sequence: the incident's current version, 0 for an unknown id) and
     * no incident. A command the operator API already refused ({@code rejection} set) is recorded so with
     * the API's reason and never applied, even when the incident's state would now allow it: the API's
     * answer is what the operator saw.
     */
    public Decision onCommand(IncidentCommand command, Instant now, EngineState state) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(state, "state");
        String dedupId = Ids.commandDedupId(command.getCommandId());
        if (state.seenEvent(dedupId)) {
            return Decision.empty();
        }
        Optional<Incident> incident = state.incident(command.getIncidentId());
        if (command.getRejection() != null) {
            return rejected(command, incident, command.getRejection(), null, now, dedupId);
        }
        Optional<CommandRejection> rejection = rules.check(command, incident);
        if (rejection.isPresent()) {
            return rejected(command, incident, rejection.get().reason(), rejection.get().httpStatus(), now, dedupId);
        }
        Change change = new Change(Incident.newBuilder(incident.get()), now);
        apply(command, change, state);
        change.seen(dedupId);
        return finish(change, incident.get(), () -> state.clocksOf(command.getIncidentId()));
    }

    /**
     * The COMMAND_REJECTED entry of a command that is not applied, and nothing else: the incident is not
     * changed, so it is neither stored nor republished, and the entry carries its current version.
     *
     * @param httpStatus the engine's own answer (404, 409, 400), or null when the operator API refused the
     *     command before publishing it (its reason is then the API's)
     */
    private static Decision rejected(IncidentCommand command, Optional<Incident> incident, String reason,
                                     Integer httpStatus, Instant now, String dedupId) {
        String action = CommandRules.actionName(command.getAction());
        Map<String, String> details = new LinkedHashMap<>();
        details.put("action", action);
        if (httpStatus != null) {
            details.put("httpStatus", Integer.toString(httpStatus));
        } else {
            details.put("rejectedBy", "api");
        }
        details.put("reason", reason);
        TimelineEntry entry = TimelineEntry.newBuilder()
                .setIncidentId(command.getIncidentId())
                .setSequence(incident.map(Incident::getVersion).orElse(0L))
                .setAt(now)
                .setType(TimelineType.COMMAND_REJECTED)
                .setActor(command.getBy())
                .setSummary("Rejected " + action + " by " + command.getBy() + ": " + reason)
                .setSeverity(incident.map(Incident::getSeverity).orElse(null))
                .setRefId(command.getCommandId())
                .setDetails(details)
                .build();
        return new Decision(Optional.empty(), List.of(entry), List.of(), List.of(), List.of(), List.of(),
                List.of(dedupId), OptionalLong.empty());
    }

    private void apply(IncidentCommand command, Change change, EngineState state) {
        Incident.Builder incident = change.incident;
        Instant now = change.now;
        String by = command.getBy();
        String note = command.getMessage() == null || command.getMessage().isBlank() ? "" : ": " + command.getMessage();
        String ref = command.getCommandId();

        // Any command is progress: the P3 "no progress" window restarts and a block is lifted.
        incident.setLastProgressAt(now);
        if (command.getAction() != CommandAction.BLOCK) {
            incident.setBlockedReason(null);
        }
        if (view.severityOf(change.current()).escalationTrigger() == EscalationTrigger.NO_PROGRESS
                && clocks.responseWindowRuns(change.current())) {
            incident.setResponseDueAt(now.plus(view.severityOf(change.current()).responseTime().orElseThrow()));
        }

        switch (command.getAction()) {
            case ACKNOWLEDGE -> {
                incident.setAcknowledgedAt(now).setAcknowledgedBy(by);
                String claimed = claimOwnership(change, by, state);
                statusByCommand(change, IncidentStatus.ACKNOWLEDGED, command, "Acknowledged by " + by + claimed + note);
                initialNoticeIfOwed(change);
                pageLifecycle(change, state, NotificationKind.INCIDENT_ACKNOWLEDGED, PageAction.ACKNOWLEDGE,
                        Map.of(TemplateVariables.ACKNOWLEDGED_BY, view.displayName(by)));
            }
            case DISMISS -> {
                incident.setDismissedAt(now).setResponseDueAt(null);
                statusByCommand(change, IncidentStatus.DISMISSED, command,
                        "Dismissed as a false positive by " + by + ": " + command.getReason());
                pageLifecycle(change, state, NotificationKind.INCIDENT_RESOLVED, PageAction.RESOLVE,
                        resolvedVariables(change));
            }
            case MITIGATE -> {
                String claimed = "";
                if (incident.getAcknowledgedAt() == null) {
                    // Mitigating an unacknowledged incident acknowledges it: the same claim as an acknowledge.
                    incident.setAcknowledgedAt(now).setAcknowledgedBy(by);
                    claimed = claimOwnership(change, by, state);
                }
                incident.setMitigatedAt(now).setResponseDueAt(null);
                statusByCommand(change, IncidentStatus.MITIGATED, command, "Mitigated by " + by + claimed + note);
                // Mitigating implies the incident was confirmed: the customers' initial notice is owed now.
                initialNoticeIfOwed(change);
            }
            case RESOLVE -> resolve(change, by, "Resolved by " + by + note, TimelineType.COMMAND_APPLIED,
                    command.getRootCause(), command.getImpact(), command.getPrevention(), ref, state);
            case UPDATE -> {
                incident.setLatestUpdate(command.getMessage());
                applied(change, command, "Update by " + by + ": " + command.getMessage());
            }
            case ASSIGN -> {
                incident.setOwner(command.getAssignee());
                applied(change, command, "Assigned to " + view.displayName(command.getAssignee()) + " by " + by + note);
            }
            case BLOCK -> {
                incident.setBlockedReason(command.getReason());
                applied(change, command, "Blocked (" + by + "): " + command.getReason());
                Optional<String> next = view.pendingEscalation(change.current());
                if (next.isPresent()) {
                    escalate(change, EscalationReason.BLOCKED, next.get(), by, null, 0, "blocked: " + command.getReason(),
                            state);
                }
            }
            case ESCALATE -> {
                applied(change, command, "Escalation requested by " + by + note);
                escalate(change, EscalationReason.MANUAL, view.pendingEscalation(change.current()).orElseThrow(), by, null, 0,
                        "escalated by " + view.displayName(by) + note, state);
            }
            case REOPEN -> reopen(change, by, "reopened by " + by + note, ref);
            case SET_SEVERITY -> {
                Severity from = incident.getSeverity();
                List<String> reasons = new ArrayList<>(incident.getSeverityReasons());
                reasons.add("set from " + from + " to " + command.getSeverity() + " by " + by + " at " + messages.time(now)
                        + ": " + command.getReason());
                changeSeverity(change, command.getSeverity(), reasons, by,
                        "set by " + view.displayName(by) + ": " + command.getReason(), state);
            }
            case POSTMORTEM_DONE -> {
                incident.setPostmortem(PostmortemState.newBuilder(incident.getPostmortem()).setDone(true).build());
                applied(change, command, "Post-mortem write-up marked done by " + by + note);
            }
            case CLOSE -> {
                incident.setClosedAt(now);
                IncidentStatus fromStatus = incident.getStatus();
                incident.setStatus(IncidentStatus.CLOSED);
                TimelineEntry.Builder entry = change.entry(TimelineType.CLOSED, by,
                                "Closed by " + by + " before the end of the verification window" + note)
                        .setFromStatus(fromStatus).setToStatus(IncidentStatus.CLOSED).setRefId(ref);
                entry.getDetails().put("action", "close");
                change.add(entry);
            }
        }
    }

    /**
     * Runbook step 1, "Assign a first responder (or claim it yourself)": whoever acknowledges an incident
     * nobody was explicitly assigned to (no ASSIGN applied so far) becomes its owner, so the owner's
     * reminders go to the person working on it rather than to whoever the policy paged first. Only a
     * person of the policy can own an incident (reminders need an address); an ASSIGN always wins.
     *
     * @return the summary's note of the claim, " (now the owner, was jonas)", or "" when the owner stays
     */
    private String claimOwnership(Change change, String by, EngineState state) {
        String owner = change.incident.getOwner();
        if (by.equals(owner) || policy.person(by).isEmpty()) {
            return "";
        }
        boolean assigned = change.history(state).stream().anyMatch(entry -> entry.getType() == TimelineType.COMMAND_APPLIED
                && CommandRules.actionName(CommandAction.ASSIGN).equals(entry.getDetails().get("action")));
        if (assigned) {
            return "";
        }
        change.incident.setOwner(by);
        return " (now the owner, was " + (owner == null ? "nobody" : owner) + ")";
    }

    private static void statusByCommand(Change change, IncidentStatus to, IncidentCommand command, String summary) {
        IncidentStatus from = change.incident.getStatus();
        change.incident.setStatus(to);
        TimelineEntry.Builder entry = change.entry(TimelineType.COMMAND_APPLIED, command.getBy(), summary)
                .setFromStatus(from).setToStatus(to).setRefId(command.getCommandId());
        entry.getDetails().put("action", CommandRules.actionName(command.getAction()));
        change.add(entry);
    }

    private static void applied(Change change, IncidentCommand command, String summary) {
        TimelineEntry.Builder entry = change.entry(TimelineType.COMMAND_APPLIED, command.getBy(), summary)
                .setRefId(command.getCommandId());
        entry.getDetails().put("action", CommandRules.actionName(command.getAction()));
        change.add(entry);
    }

    // ---- clocks --------------------------------------------------------------------------------

    /**
     * A stored clock whose deadline has passed ({@code now >= clock.deadline()}; lateness = now -
     * deadline). A clock whose obligation no longer stands (the incident moved on) changes nothing.
     */
    public Decision onClock(PendingClock clock, Instant now, EngineState state) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(state, "state");
        Optional<Incident> found = state.incident(clock.incidentId());
        if (found.isEmpty() || !clocks.stillDue(clock, found.get())) {
            return Decision.empty();
        }
        Incident incident = found.get();
        Change change = new Change(Incident.newBuilder(incident), now);
        long late = clock.lateMillisAt(now);
        TimelineEntry.Builder fired = change.entry(TimelineType.CLOCK_FIRED, null,
                        "Clock " + clock.type().clockName() + (clock.generation() > 1 ? " #" + clock.generation() : "")
                                + " fired (due " + messages.time(clock.deadline()) + ")"
                                + (late > 0 ? ", " + late + " ms late" : ""))
                .setLateMillis(late);
        fired.getDetails().put("clock", clock.type().clockName());
        fired.getDetails().put("generation", Integer.toString(clock.generation()));
        fired.getDetails().put("deadline", clock.deadline().toString());
        change.add(fired);

        Optional<CommunicationPolicy> comms = view.communicationOf(incident);
        switch (clock.type()) {
            case RESPONSE_WINDOW -> {
                SeverityPolicy severity = view.severityOf(incident);
                boolean noProgress = severity.escalationTrigger() == EscalationTrigger.NO_PROGRESS;
                String window = TemplateVariables.duration(severity.responseTime().orElseThrow());
                escalate(change, noProgress ? EscalationReason.NO_PROGRESS : EscalationReason.RESPONSE_WINDOW_EXPIRED,
                        view.pendingEscalation(incident).orElseThrow(), null, clock.deadline(), late,
                        noProgress ? "no progress for " + window : "not mitigated within " + window + " of detection",
                        state);
            }
            case INITIAL_NOTICE -> sendInitialNotice(change);
            case STATUS_UPDATE -> messages.toCustomers(change, NotificationKind.STATUS_UPDATE, clock.deadline(),
                    statusUpdateVariables(change.current(), comms.orElseThrow()));
            case UPDATE_REMINDER -> {
                Instant updateAt = ClockPlan.statusUpdateAt(incident, comms.orElseThrow(), clock.generation());
                toOwner(change, NotificationKind.UPDATE_REMINDER, updateAt, Map.of(
                        TemplateVariables.NEXT_UPDATE_DUE, messages.time(updateAt),
                        TemplateVariables.UPDATE_EVERY, TemplateVariables.duration(comms.orElseThrow().updateEvery()),
                        TemplateVariables.LAST_UPDATE, Messages.text(incident.getLatestUpdate())));
            }
            case TRACKING_REMINDER -> toOwner(change, NotificationKind.TRACKING_REMINDER, clock.deadline(), Map.of(
                    TemplateVariables.UPDATE_EVERY, TemplateVariables.duration(comms.orElseThrow().updateEvery()),
                    TemplateVariables.LAST_UPDATE, Messages.text(incident.getLatestUpdate())));
            case VERIFICATION -> {
                change.incident.setClosedAt(now);
                change.status(IncidentStatus.CLOSED, TimelineType.CLOSED, null,
                        "Closed: did not fire again within the verification window of "
                                + TemplateVariables.duration(policy.verificationWindow()), Map.of());
            }
            case POSTMORTEM_WRITEUP -> postmortemReminder(change);
        }
        return finish(change, null, () -> {
            List<PendingClock> existing = new ArrayList<>(state.clocksOf(incident.getIncidentId()));
            existing.remove(clock);
            return existing;
        });
    }

    // ---- shared steps --------------------------------------------------------------------------

    /**
     * Finishes a decision: stamps the change time and, when anything clocks depend on changed (or a clock
     * fired), compares the clocks the incident needs with the stored ones. When nothing relevant changed
     * (an alert joining, an update) the stored clocks are still right and are not even read: that keeps
     * the alert hot path to the reads it needs.
     *
     * @param before the incident before this decision, or null to always compare (new incident, a clock fired)
     * @param existing the stored clocks, read only when needed (without a clock that is firing)
     */
    private Decision finish(Change change, Incident before, Supplier<List<PendingClock>> existing) {
        change.incident.setUpdatedAt(change.now);
        Incident after = change.build();
        if (before != null && ClockPlan.inputsOf(before).equals(ClockPlan.inputsOf(after))) {
            return change.decision(after, List.of(), List.of());
        }
        List<PendingClock> stored = existing.get();
        List<PendingClock> desired = clocks.desired(after, stored, change.now);
        List<PendingClock> toSet = desired.stream().filter(clock -> !stored.contains(clock)).toList();
        List<PendingClock> toCancel = stored.stream().filter(clock -> !desired.contains(clock)).toList();
        return change.decision(after, toSet, toCancel);
    }

    private void pageFirstResponders(Change change, SeverityPolicy severity, NotificationKind kind) {
        Incident incident = change.current();
        messages.toTeam(change, new TeamMessage(kind, severity.firstResponder(),
                view.people(severity.firstResponder(), incident), severity.firstChannel(), incident.getResponseDueAt(),
                Map.of()));
    }

    /** Reopens a resolved, closed or dismissed incident: a fresh response window and a new page. */
    private void reopen(Change change, String actor, String why, String ref) {
        Incident.Builder incident = change.incident;
        IncidentStatus from = incident.getStatus();
        incident.setStatus(IncidentStatus.OPEN)
                .setResolvedAt(null)
                .setClosedAt(null)
                .setDismissedAt(null)
                .setMitigatedAt(null);
        SeverityPolicy severity = policy.severity(incident.getSeverity());
        incident.setResponseDueAt(null);
        if (!severity.escalates() || view.pendingEscalation(change.current()).isPresent()) {
            incident.setResponseDueAt(policy.responseDeadline(incident.getSeverity(), change.now));
        }
        TimelineEntry.Builder entry = change.entry(TimelineType.REOPENED, actor, "Reopened: " + why)
                .setFromStatus(from).setToStatus(IncidentStatus.OPEN).setRefId(ref);
        change.add(entry);
        pageFirstResponders(change, severity, NotificationKind.INCIDENT_OPENED);
    }

    private void resolve(Change change, String actor, String summary, TimelineType type, String rootCause, String impact,
                         String prevention, String ref, EngineState state) {
        Incident.Builder incident = change.incident;
        Instant now = change.now;
        IncidentStatus from = incident.getStatus();
        incident.setStatus(IncidentStatus.RESOLVED).setResolvedAt(now).setResponseDueAt(null);
        if (rootCause != null) {
            incident.setRootCause(rootCause);
        }
        if (impact != null) {
            incident.setImpactSummary(impact);
        }
        if (prevention != null) {
            incident.setPrevention(prevention);
        }
        TimelineEntry.Builder entry = change.entry(type, actor, summary).setFromStatus(from)
                .setToStatus(IncidentStatus.RESOLVED).setRefId(ref);
        if (type == TimelineType.COMMAND_APPLIED) {
            entry.getDetails().put("action", "resolve");
        }
        change.add(entry);

        SeverityPolicy severity = policy.severity(incident.getSeverity());
        Optional<CommunicationPolicy> comms = severity.communication();
        if (comms.isPresent() && comms.get().resolutionNotice()) {
            if (incident.getInitialNoticeSentAt() != null) {
                Map<String, Object> variables = new HashMap<>(resolvedVariables(change));
                variables.put(TemplateVariables.SCOPE, scope(change.current()));
                variables.put(TemplateVariables.POSTMORTEM_BUSINESS_DAYS, businessDays(severity.postmortem()));
                messages.toCustomers(change, NotificationKind.RESOLUTION_NOTICE,
                        now.plus(comms.get().resolutionNoticeWithin()), variables);
            } else {
                // "Service restored" about a disruption nobody told them of would only alarm customers.
                messages.notSent(change, NotificationKind.RESOLUTION_NOTICE, "RESOLUTION_NOTICE not sent: the customers"
                        + " were never told of this incident (it was resolved before the initial notice went out)",
                        "no initial notice sent");
            }
        }
        if (severity.postmortem().required() && incident.getPostmortem() == null) {
            schedulePostmortem(change, severity.postmortem(), state);
        }
        pageLifecycle(change, state, NotificationKind.INCIDENT_RESOLVED, PageAction.RESOLVE, resolvedVariables(change));
    }

    private void schedulePostmortem(Change change, PostmortemPolicy rule, EngineState state) {
        Incident.Builder incident = change.incident;
        Instant now = change.now;
        Instant meetingDue = now.plus(rule.meetingWithin().orElseThrow());
        Instant writeupDue = policy.businessHours().plusBusinessDays(incident.getDetectedAt(),
                rule.writeupWithinBusinessDays().orElseThrow());
        String path = PostmortemDrafts.path(policy.postmortemDirectory(), change.current());
        incident.setPostmortem(PostmortemState.newBuilder()
                .setScheduledAt(now)
                .setMeetingDueAt(meetingDue)
                .setWriteupDueAt(writeupDue)
                .setDraftPath(path)
                .setDone(false)
                .build());
        String draft = PostmortemDrafts.render(change.current(), change.history(state));
        Map<String, Object> variables = new HashMap<>(resolvedVariables(change));
        variables.put(TemplateVariables.MEETING_DUE, messages.time(meetingDue));
        variables.put(TemplateVariables.WRITEUP_DUE, messages.time(writeupDue));
        variables.put(TemplateVariables.POSTMORTEM_PATH, path);
        variables.put(TemplateVariables.POSTMORTEM_BUSINESS_DAYS, businessDays(rule));
        // "Post-mortems are visible to the entire team": scheduled with everyone.
        String team = RolePolicy.EVERYONE;
        messages.toTeam(change, new TeamMessage(NotificationKind.POSTMORTEM_SCHEDULED, team,
                view.people(team, change.current()), Channel.EMAIL, null, meetingDue, variables, path, draft));
        if (!writeupDue.isAfter(now)) {
            // Resolved after the write-up deadline: it is overdue from the start, no clock would ever fire.
            postmortemReminder(change);
        }
    }

    private void postmortemReminder(Change change) {
        PostmortemState postmortem = change.incident.getPostmortem();
        toOwner(change, NotificationKind.POSTMORTEM_REMINDER, postmortem.getWriteupDueAt(), Map.of(
                TemplateVariables.WRITEUP_DUE, messages.time(postmortem.getWriteupDueAt()),
                TemplateVariables.POSTMORTEM_PATH, postmortem.getDraftPath()));
    }

    private static String businessDays(PostmortemPolicy rule) {
        return rule.writeupWithinBusinessDays().isPresent() ? Integer.toString(rule.writeupWithinBusinessDays().getAsInt()) : "";
    }

    private Map<String, Object> resolvedVariables(Change change) {
        Incident incident = change.current();
        Map<String, Object> variables = new HashMap<>();
        variables.put(TemplateVariables.RESOLVED_AT, incident.getResolvedAt() == null ? "" : messages.time(incident.getResolvedAt()));
        variables.put(TemplateVariables.ROOT_CAUSE, Messages.text(incident.getRootCause()));
        variables.put(TemplateVariables.IMPACT, Messages.text(incident.getImpactSummary()));
        variables.put(TemplateVariables.PREVENTION, Messages.text(incident.getPrevention()));
        return variables;
    }

    private void toOwner(Change change, NotificationKind kind, Instant dueAt, Map<String, Object> variables) {
        Person owner = view.ownerPerson(change.current());
        messages.toTeam(change, new TeamMessage(kind, "owner", List.of(owner), Channel.EMAIL, dueAt, variables));
    }

    /**
     * The acknowledge / resolve counterpart of the pages sent so far (PagerDuty-style lifecycle), built
     * like the pages themselves: one per role that was actually paged since the last resolve (INCIDENT_OPENED
     * to the first responder, ALL_HANDS to everyone, ESCALATED to the escalation's role ...), in the order
     * they were first paged, each to that role's people and naming that role. Nothing when nobody was paged
     * or the policy has no template.
     */
    private void pageLifecycle(Change change, EngineState state, NotificationKind kind, PageAction action,
                               Map<String, Object> variables) {
        Incident incident = change.current();
        for (String role : Messages.pagedRoles(change.history(state))) {
            messages.toTeam(change, new TeamMessage(kind, role, view.people(role, incident), Channel.PAGE, action, null,
                    variables, null, null));
        }
    }

    private void initialNoticeIfOwed(Change change) {
        Incident incident = change.current();
        if (view.communicationOf(incident).isPresent() && incident.getInitialNoticeSentAt() == null
                && PolicyView.active(incident.getStatus())) {
            sendInitialNotice(change);
        }
    }

    private void sendInitialNotice(Change change) {
        Incident incident = change.current();
        CommunicationPolicy comms = view.communicationOf(incident).orElseThrow();
        Map<String, Object> variables = new HashMap<>();
        // Customers never see internal alert titles: "We are aware of a service disruption affecting inbox."
        variables.put(TemplateVariables.ISSUE_DESCRIPTION, "a service disruption");
        variables.put(TemplateVariables.SCOPE, scope(incident));
        variables.put(TemplateVariables.TIMEFRAME, TemplateVariables.duration(comms.updateEvery()));
        messages.toCustomers(change, NotificationKind.INITIAL_NOTICE,
                incident.getDetectedAt().plus(comms.initialNoticeWithin()), variables);
        // Decided now whether or not a tenant had contacts (those got a timeline note): the status update
        // cadence counts from here.
        change.incident.setInitialNoticeSentAt(change.now);
    }

    private Map<String, Object> statusUpdateVariables(Incident incident, CommunicationPolicy comms) {
        Map<String, Object> variables = new HashMap<>();
        variables.put(TemplateVariables.ISSUE_DESCRIPTION, "the service disruption affecting " + scope(incident));
        variables.put(TemplateVariables.CURRENT_STATUS, incident.getLatestUpdate() != null ? incident.getLatestUpdate()
                : switch (incident.getStatus()) {
                    case MITIGATED -> "The impact is contained; we are working on a permanent fix.";
                    case ACKNOWLEDGED -> "We are investigating the cause.";
                    default -> "We are investigating.";
                });
        List<String> done = new ArrayList<>();
        if (incident.getAcknowledgedAt() != null) {
            done.add("confirmed the problem at " + messages.time(incident.getAcknowledgedAt()));
        }
        if (incident.getMitigatedAt() != null) {
            done.add("contained the impact at " + messages.time(incident.getMitigatedAt()));
        }
        variables.put(TemplateVariables.WHAT_WE_HAVE_DONE, done.isEmpty() ? "Our team is investigating."
                : capitalize(String.join("; ", done)) + ".");
        variables.put(TemplateVariables.TIMEFRAME, TemplateVariables.duration(comms.updateEvery()));
        return variables;
    }


    /** The runbook's "[scope]": the features affected, for customers. */
    private String scope(Incident incident) {
        if (incident.getComponents().isEmpty()) {
            return "the Agentix service";
        }
        return String.join(", ", incident.getComponents());
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /**
     * One escalation: an {@link Escalation} record, the incident's level and roles, a timeline entry and
     * one page to the role's people (for a severity raise that page is the SEVERITY_CHANGED one).
     */
    private void escalate(Change change, EscalationReason reason, String toRole, String by, Instant deadline, long lateMillis,
                          String why, EngineState state) {
        escalate(change, reason, toRole, by, deadline, lateMillis, why, state, null, NotificationKind.ESCALATED,
                Channel.PAGE, Map.of());
    }

    private void escalate(Change change, EscalationReason reason, String toRole, String by, Instant deadline,
                          long lateMillis, String why, EngineState state, String fromRoleOverride,
                          NotificationKind kind, Channel channel, Map<String, Object> extraVariables) {
        Incident.Builder incident = change.incident;
        Incident before = change.current();
        int level = before.getEscalationLevel() + 1;
        String fromRole = fromRoleOverride != null ? fromRoleOverride
                : before.getEscalatedTo().isEmpty() ? view.severityOf(before).firstResponder()
                : before.getEscalatedTo().get(before.getEscalatedTo().size() - 1);
        List<Person> people = view.people(toRole, before);
        List<String> tried = tried(before, state, change);
        String impactScope = "tenants: " + view.tenantsText(before) + "; components: " + view.componentsText(before);
        String hypothesis = Messages.text(before.getLatestUpdate());
        String summary = before.getSeverity() + " " + view.severityOf(before).name() + ", " + why
                + ". Impact scope: " + impactScope
                + ". Tried: " + (tried.isEmpty() ? "nothing recorded yet" : String.join("; ", tried))
                + ". Current hypothesis: " + (hypothesis.isEmpty() ? "none recorded yet" : hypothesis) + ".";
        String escalationId = Ids.escalationId(before.getIncidentId(), reason, level);
        change.escalation(Escalation.newBuilder()
                .setEscalationId(escalationId)
                .setIncidentId(before.getIncidentId())
                .setSeverity(before.getSeverity())
                .setLevel(level)
                .setFromRole(fromRole)
                .setToRole(toRole)
                .setToPeople(view.personIds(people))
                .setReason(reason)
                .setSummary(summary)
                .setAt(change.now)
                .setDeadline(deadline)
                .setLateMillis(lateMillis)
                .setBy(by)
                .build());
        incident.setEscalationLevel(level);
        incident.setEscalatedTo(append(before.getEscalatedTo(), toRole));
        if (view.pendingEscalation(change.current()).isEmpty() && view.severityOf(before).escalates()) {
            incident.setResponseDueAt(null);
        }
        TimelineEntry.Builder entry = change.entry(TimelineType.ESCALATED, by,
                "Escalated to " + toRole + " (level " + level + "): " + why).setRefId(escalationId);
        if (deadline != null) {
            entry.setLateMillis(lateMillis);
        }
        entry.getDetails().put("reason", reason.toString());
        entry.getDetails().put("toRole", toRole);
        entry.getDetails().put("toPeople", String.join(",", view.personIds(people)));
        entry.getDetails().put("level", Integer.toString(level));
        change.add(entry);

        Map<String, Object> variables = new HashMap<>(extraVariables);
        variables.put(TemplateVariables.ESCALATION_REASON, why);
        variables.put(TemplateVariables.IMPACT_SCOPE, impactScope);
        variables.put(TemplateVariables.TRIED, tried);
        variables.put(TemplateVariables.HYPOTHESIS, hypothesis);
        messages.toTeam(change, new TeamMessage(kind, toRole, people, channel, change.incident.getResponseDueAt(), variables));
    }

    /** What has been tried: the applied commands so far, oldest first (runbook section 3's summary). */
    private static List<String> tried(Incident incident, EngineState state, Change change) {
        List<String> tried = new ArrayList<>();
        for (TimelineEntry entry : change.history(state)) {
            if (entry.getType() == TimelineType.COMMAND_APPLIED) {
                tried.add(entry.getSummary());
            }
        }
        return tried;
    }

    /**
     * A severity change, automatic (only upwards) or by an operator: reasons, a new response window for the
     * new level, a SEVERITY_CHANGED timeline entry; upwards also a SEVERITY_RAISED escalation paging the
     * new level's first responder (and ALL_HANDS for P1), downwards a SEVERITY_CHANGED notice.
     */
    private void changeSeverity(Change change, Severity to, List<String> reasons, String by, String why, EngineState state) {
        Incident.Builder incident = change.incident;
        Severity from = incident.getSeverity();
        SeverityPolicy previous = policy.severity(from);
        SeverityPolicy next = policy.severity(to);
        incident.setSeverity(to).setSeverityReasons(reasons);
        incident.setResponseDueAt(responseDueAfterChange(change.current(), change.now));
        TimelineEntry.Builder entry = change.entry(TimelineType.SEVERITY_CHANGED, by,
                "Severity " + from + " -> " + to + ": " + why);
        entry.getDetails().put("from", from.toString());
        entry.getDetails().put("to", to.toString());
        change.add(entry);

        Map<String, Object> variables = Map.of(
                TemplateVariables.PREVIOUS_SEVERITY, from.toString(),
                TemplateVariables.SEVERITY_CHANGE_REASON, why);
        if (SeverityClassifier.higher(to, from)) {
            String fromRole = change.current().getEscalatedTo().isEmpty() ? previous.firstResponder()
                    : change.current().getEscalatedTo().get(change.current().getEscalatedTo().size() - 1);
            escalate(change, EscalationReason.SEVERITY_RAISED, next.firstResponder(), by, null, 0,
                    "severity raised from " + from + " to " + to + ": " + why, state, fromRole,
                    NotificationKind.SEVERITY_CHANGED, next.firstChannel(), variables);
            // The raise used the first responder's step; the new level's own escalation still lies ahead.
            incident.setResponseDueAt(responseDueAfterChange(change.current(), change.now));
            for (String role : next.alsoNotify()) {
                if (!previous.alsoNotify().contains(role)) {
                    messages.toTeam(change, new TeamMessage(NotificationKind.ALL_HANDS, role,
                            view.people(role, change.current()), Channel.PAGE, incident.getResponseDueAt(), Map.of()));
                }
            }
        } else {
            messages.toTeam(change, new TeamMessage(NotificationKind.SEVERITY_CHANGED, next.firstResponder(),
                    view.people(next.firstResponder(), change.current()), next.firstChannel(), incident.getResponseDueAt(),
                    variables));
        }
    }

    /**
     * The response window under a new severity. Counted from detection (NOT_MITIGATED) or the last
     * progress (NO_PROGRESS) as the runbook says; when that moment has already passed, the new first
     * responder gets the level's full window from now rather than an escalation in the same instant they
     * are paged. None once the level's escalation happened or the incident is mitigated.
     */
    private Instant responseDueAfterChange(Incident incident, Instant now) {
        if (!PolicyView.awaitingMitigation(incident.getStatus())) {
            return null;
        }
        SeverityPolicy severity = view.severityOf(incident);
        if (severity.responseTime().isEmpty()) {
            return policy.businessHours().nextBusinessDayStart(now);
        }
        if (severity.escalates() && view.pendingEscalation(incident).isEmpty()) {
            return null;
        }
        Duration window = severity.responseTime().get();
        Instant base = severity.escalationTrigger() == EscalationTrigger.NO_PROGRESS && incident.getLastProgressAt() != null
                ? incident.getLastProgressAt() : incident.getDetectedAt();
        Instant due = base.plus(window);
        return due.isAfter(now) ? due : now.plus(window);
    }

    // ---- facts ---------------------------------------------------------------------------------

    private static SeverityClassifier.Facts factsOf(AlertEvent alert, Optional<ComponentPolicy> component) {
        return new SeverityClassifier.Facts(Set.copyOf(alert.getTenants()), alert.getAllTenants(),
                component.map(List::of).orElse(List.of()), alert.getImpact(), alert.getSeverityHint(),
                alert.getSeverityHintReason());
    }

    /** On-call at detection and why: the last deployer to main when the policy knows them, else the default. */
    private record OnCall(String personId, String why) {
    }

    private OnCall onCallAt(Instant now, EngineState state) {
        Person fallback = policy.roles().defaultOnCall();
        if (!policy.roles().onCallFromLastDeployToMain()) {
            return new OnCall(fallback.id(), fallback.id() + ": the policy's on-call (not taken from deploys)");
        }
        Optional<DeploymentEvent> last = state.lastMainDeploy(now);
        if (last.isEmpty()) {
            return new OnCall(fallback.id(), fallback.id() + ": policy default, no deploy to main known");
        }
        DeploymentEvent deploy = last.get();
        Optional<Person> person = policy.personForDeployAuthor(deploy.getAuthor())
                .or(() -> policy.personForDeployAuthor(deploy.getAuthorEmail()));
        String what = (deploy.getCommitSha() == null ? "a deploy" : deploy.getCommitSha()) + " of " + deploy.getService()
                + " at " + deploy.getDeployedAt();
        if (person.isPresent()) {
            return new OnCall(person.get().id(), person.get().id() + ": pushed the last deploy to main (" + what + ")");
        }
        String author = deploy.getAuthor() != null ? deploy.getAuthor() : deploy.getAuthorEmail();
        return new OnCall(fallback.id(), fallback.id() + ": policy default; the last deploy to main (" + what + ") by '"
                + author + "' is not a person in the policy");
    }

    private List<DeployRef> recentDeploys(Instant now, EngineState state) {
        List<DeployRef> deploys = new ArrayList<>();
        for (DeploymentEvent deploy : state.mainDeploysBetween(now.minus(policy.recentDeployWindow()), now)) {
            deploys.add(DeployRef.newBuilder()
                    .setEventId(deploy.getEventId())
                    .setService(deploy.getService())
                    .setEnvironment(deploy.getEnvironment())
                    .setCommitSha(deploy.getCommitSha())
                    .setAuthor(deploy.getAuthor() != null ? deploy.getAuthor() : deploy.getAuthorEmail())
                    .setDeployedAt(deploy.getDeployedAt())
                    .setRollbackRunbook(policy.rollbackRunbook().url())
                    .build());
        }
        return deploys;
    }

    private static void addLinks(List<Link> links, List<Link> more) {
        for (Link link : more) {
            if (links.stream().noneMatch(l -> l.getUrl().equals(link.getUrl()))) {
                links.add(link);
            }
        }
    }

    private static void addLink(List<Link> links, RunbookLink runbook) {
        addLinks(links, List.of(Link.newBuilder().setLabel(runbook.label()).setUrl(runbook.url()).build()));
    }

    private static List<String> append(List<String> list, String value) {
        List<String> copy = new ArrayList<>(list);
        copy.add(value);
        return copy;
    }
}
