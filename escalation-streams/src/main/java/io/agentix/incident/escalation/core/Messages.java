package io.agentix.incident.escalation.core;

import io.agentix.incident.escalation.policy.Person;
import io.agentix.incident.escalation.policy.RunbookLink;
import io.agentix.incident.escalation.policy.SeverityPolicy;
import io.agentix.incident.escalation.policy.Template;
import io.agentix.incident.escalation.policy.TemplateVariables;
import io.agentix.incident.escalation.policy.Tenant;
import io.agentix.incident.escalation.policy.Rendered;
import io.agentix.incident.events.Audience;
import io.agentix.incident.events.Channel;
import io.agentix.incident.events.DeployRef;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.PageAction;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Notifications, complete when emitted: recipients from the policy's people and tenants, subject and
 * body rendered from the policy's templates with the variables {@link TemplateVariables} names, links,
 * due time and policy version. Each one leaves a NOTIFIED timeline entry whose sequence is part of its
 * id, so a replay produces the same ids.
 */
final class Messages {

    private final PolicyView view;

    Messages(PolicyView view) {
        this.view = Objects.requireNonNull(view, "view");
    }

    /** What a team notification needs beyond the incident. */
    record TeamMessage(NotificationKind kind, String role, List<Person> people, Channel channel, PageAction pageAction,
                       Instant dueAt, Map<String, Object> variables, String attachmentName, String attachment) {
        TeamMessage {
            variables = Map.copyOf(variables);
        }

        TeamMessage(NotificationKind kind, String role, List<Person> people, Channel channel, Instant dueAt,
                    Map<String, Object> variables) {
            this(kind, role, people, channel, channel == Channel.PAGE ? PageAction.TRIGGER : null, dueAt, variables,
                    null, null);
        }
    }

    /** To a role's people; returns false (and notes nothing) when the policy has no such template. */
    boolean toTeam(Change change, TeamMessage message) {
        Optional<Template> template = view.policy().templates().forKind(message.kind());
        if (template.isEmpty()) {
            return false;
        }
        Incident incident = change.current();
        Map<String, Object> variables = new LinkedHashMap<>(internalVariables(incident, message.role()));
        variables.putAll(message.variables());
        Rendered rendered = template.get().render(variables);
        List<Recipient> recipients = PolicyView.recipients(message.people());
        String id = Ids.notificationId(change.incidentId(), message.kind(), change.nextSequence());
        Notification notification = Notification.newBuilder()
                .setNotificationId(id)
                .setIncidentId(change.incidentId())
                .setKind(message.kind())
                .setChannel(message.channel())
                .setAudience(Audience.TEAM)
                .setRecipientRole(message.role())
                .setRecipients(recipients)
                .setSeverity(incident.getSeverity())
                .setSubject(rendered.subject())
                .setBody(rendered.body())
                .setPageAction(message.channel() == Channel.PAGE ? message.pageAction() : null)
                .setCreatedAt(change.now)
                .setDueAt(message.dueAt())
                .setPolicyVersion(view.policy().version())
                .setLinks(teamLinks(incident))
                .setAttachmentName(message.attachmentName())
                .setAttachment(message.attachment())
                .build();
        change.notification(notification);
        String verb = message.channel() == Channel.PAGE ? "Paged " : "Emailed ";
        TimelineEntry.Builder entry = change.entry(TimelineType.NOTIFIED, null,
                        verb + message.role() + " (" + String.join(", ", view.personIds(message.people())) + "): "
                                + message.kind())
                .setRefId(id);
        details(entry, notification);
        change.add(entry);
        return true;
    }

    /**
     * A customer notice, one per affected tenant (templates address one tenant by name). A tenant the
     * policy does not know, or one without contacts, gets a timeline note instead, never silence.
     */
    void toCustomers(Change change, NotificationKind kind, Instant dueAt, Map<String, Object> specific) {
        Template template = view.policy().templates().forKind(kind)
                .orElseThrow(() -> new IllegalStateException("the policy has no template for " + kind));
        Incident incident = change.current();
        List<String> tenantIds = view.affectedTenantIds(incident);
        if (tenantIds.isEmpty()) {
            note(change, kind, null, kind + " not sent: no affected tenant is known, so there is nobody to tell");
            return;
        }
        for (String tenantId : tenantIds) {
            Optional<Tenant> tenant = view.policy().tenant(tenantId);
            if (tenant.isEmpty()) {
                note(change, kind, tenantId, kind + " not sent to tenant '" + tenantId
                        + "': the policy does not know this tenant, so it has no contacts");
                continue;
            }
            if (!tenant.get().hasContacts()) {
                note(change, kind, tenantId, kind + " not sent to tenant " + tenant.get().name()
                        + ": the policy lists no contacts for it");
                continue;
            }
            Map<String, Object> variables = new LinkedHashMap<>(commonVariables(incident));
            variables.put(TemplateVariables.TENANT_NAME, tenant.get().name());
            variables.putAll(specific);
            Rendered rendered = template.render(variables);
            List<Recipient> recipients = new ArrayList<>();
            for (String contact : tenant.get().contacts()) {
                recipients.add(Recipient.newBuilder()
                        .setId(tenantId + ":" + contact)
                        .setName(tenant.get().name())
                        .setEmail(contact)
                        .setPageTarget(null)
                        .setTenant(tenantId)
                        .build());
            }
            String id = Ids.notificationId(change.incidentId(), kind, change.nextSequence());
            Notification notification = Notification.newBuilder()
                    .setNotificationId(id)
                    .setIncidentId(change.incidentId())
                    .setKind(kind)
                    .setChannel(Channel.EMAIL)
                    .setAudience(Audience.CUSTOMERS)
                    .setRecipientRole(null)
                    .setRecipients(recipients)
                    .setSeverity(incident.getSeverity())
                    .setSubject(rendered.subject())
                    .setBody(rendered.body())
                    .setPageAction(null)
                    .setCreatedAt(change.now)
                    .setDueAt(dueAt)
                    .setPolicyVersion(view.policy().version())
                    .setLinks(List.of())
                    .setAttachmentName(null)
                    .setAttachment(null)
                    .build();
            change.notification(notification);
            TimelineEntry.Builder entry = change.entry(TimelineType.NOTIFIED, null,
                    "Emailed customers of " + tenant.get().name() + " (" + String.join(", ", tenant.get().contacts())
                            + "): " + kind).setRefId(id);
            details(entry, notification);
            entry.getDetails().put("tenant", tenantId);
            change.add(entry);
        }
    }

    private static void note(Change change, NotificationKind kind, String tenant, String summary) {
        TimelineEntry.Builder entry = change.entry(TimelineType.OTHER, null, summary);
        entry.getDetails().put("kind", kind.toString());
        entry.getDetails().put("problem", "no customer recipients");
        if (tenant != null) {
            entry.getDetails().put("tenant", tenant);
        }
        change.add(entry);
    }

    /** A timeline note saying why a notice the policy asks for was not sent, instead of silence. */
    void notSent(Change change, NotificationKind kind, String summary, String problem) {
        TimelineEntry.Builder entry = change.entry(TimelineType.OTHER, null, summary);
        entry.getDetails().put("kind", kind.toString());
        entry.getDetails().put("problem", problem);
        change.add(entry);
    }

    /**
     * The roles paged so far, read back from the NOTIFIED entries {@link #toTeam} left (details
     * {@code channel}, {@code kind}, {@code role}), in the order they were first paged. A lifecycle
     * INCIDENT_RESOLVED page ends every page before it: only roles paged after the last one count.
     */
    static List<String> pagedRoles(List<TimelineEntry> history) {
        LinkedHashSet<String> roles = new LinkedHashSet<>();
        for (TimelineEntry entry : history) {
            Map<String, String> details = entry.getDetails();
            if (entry.getType() != TimelineType.NOTIFIED || !Channel.PAGE.toString().equals(details.get("channel"))
                    || details.get("role") == null) {
                continue;
            }
            String kind = details.get("kind");
            if (NotificationKind.INCIDENT_RESOLVED.toString().equals(kind)) {
                roles.clear();
            } else if (!NotificationKind.INCIDENT_ACKNOWLEDGED.toString().equals(kind)) {
                roles.add(details.get("role"));
            }
        }
        return List.copyOf(roles);
    }

    private static void details(TimelineEntry.Builder entry, Notification notification) {
        Map<String, String> details = entry.getDetails();
        details.put("kind", notification.getKind().toString());
        details.put("channel", notification.getChannel().toString());
        details.put("audience", notification.getAudience().toString());
        if (notification.getRecipientRole() != null) {
            details.put("role", notification.getRecipientRole());
        }
        details.put("recipients", String.join(",", notification.getRecipients().stream().map(Recipient::getId).toList()));
    }

    /** Source links and component runbooks of the incident, plus the rollback runbook (runbook step 3). */
    List<Link> teamLinks(Incident incident) {
        List<Link> links = new ArrayList<>(incident.getLinks());
        RunbookLink rollback = view.policy().rollbackRunbook();
        if (links.stream().noneMatch(l -> l.getUrl().equals(rollback.url()))) {
            links.add(Link.newBuilder().setLabel(rollback.label()).setUrl(rollback.url()).build());
        }
        return links;
    }

    Map<String, Object> commonVariables(Incident incident) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(TemplateVariables.INCIDENT_ID, incident.getIncidentId());
        v.put(TemplateVariables.TITLE, incident.getTitle());
        v.put(TemplateVariables.DESCRIPTION, text(incident.getDescription()));
        v.put(TemplateVariables.SEVERITY, incident.getSeverity().toString());
        v.put(TemplateVariables.SEVERITY_NAME, view.severityOf(incident).name());
        v.put(TemplateVariables.STATUS, incident.getStatus().toString());
        v.put(TemplateVariables.DETECTED_AT, time(incident.getDetectedAt()));
        v.put(TemplateVariables.TENANTS, view.tenantsText(incident));
        v.put(TemplateVariables.COMPONENTS, view.componentsText(incident));
        v.put(TemplateVariables.POLICY_VERSION, incident.getPolicyVersion());
        return v;
    }

    Map<String, Object> internalVariables(Incident incident, String role) {
        Map<String, Object> v = commonVariables(incident);
        SeverityPolicy severity = view.severityOf(incident);
        v.put(TemplateVariables.ROLE, role);
        v.put(TemplateVariables.ON_CALL, view.displayName(incident.getOnCall()));
        v.put(TemplateVariables.OWNER, view.displayName(incident.getOwner() != null ? incident.getOwner()
                : view.ownerPerson(incident).id()));
        v.put(TemplateVariables.RESPONSE_DEADLINE, incident.getResponseDueAt() == null ? "" : time(incident.getResponseDueAt()));
        v.put(TemplateVariables.RESPONSE_TIME, severity.responseTime().map(TemplateVariables::duration).orElse("next business day"));
        v.put(TemplateVariables.ESCALATION_LEVEL, Integer.toString(incident.getEscalationLevel()));
        List<Map<String, String>> links = new ArrayList<>();
        for (Link link : teamLinks(incident)) {
            links.add(Map.of("label", link.getLabel(), "url", link.getUrl()));
        }
        v.put(TemplateVariables.LINKS, links);
        List<Map<String, String>> deploys = new ArrayList<>();
        for (DeployRef deploy : incident.getRecentDeploys()) {
            deploys.add(Map.of(
                    "service", text(deploy.getService()),
                    "commitSha", text(deploy.getCommitSha()),
                    "author", text(deploy.getAuthor()),
                    "deployedAt", time(deploy.getDeployedAt()),
                    "rollbackRunbook", text(deploy.getRollbackRunbook())));
        }
        v.put(TemplateVariables.RECENT_DEPLOYS, deploys);
        v.put(TemplateVariables.SEVERITY_REASONS, List.copyOf(incident.getSeverityReasons()));
        v.put(TemplateVariables.ALERT_COUNT, Integer.toString(incident.getAlertCount()));
        return v;
    }

    String time(Instant instant) {
        return TemplateVariables.time(instant, view.policy().timeZone());
    }

    static String text(String value) {
        return value == null ? "" : value;
    }
}
