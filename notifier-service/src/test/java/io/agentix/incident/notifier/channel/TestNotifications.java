package io.agentix.incident.notifier.channel;

import io.agentix.incident.events.Audience;
import io.agentix.incident.events.Channel;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.PageAction;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.events.Severity;
import java.time.Instant;
import java.util.List;

/** Notifications as the escalation engine emits them (see escalation-streams' Messages), with defaults. */
public final class TestNotifications {

    public static final Instant CREATED = Instant.parse("2026-03-15T09:30:00Z");
    public static final String INCIDENT = "inc-20260315-7f3a2c";

    private TestNotifications() {
    }

    public static Recipient person(String id, String name) {
        return Recipient.newBuilder().setId(id).setName(name).setEmail(id + "@agentix.example").setPageTarget(id)
                .setTenant(null).build();
    }

    public static Recipient contact(String tenant, String email) {
        return Recipient.newBuilder().setId(tenant + ":" + email).setName(tenant).setEmail(email).setPageTarget(null)
                .setTenant(tenant).build();
    }

    /** A team email (INCIDENT_OPENED to on-call, Mira). */
    public static Notification.Builder aTeamEmail() {
        return Notification.newBuilder()
                .setNotificationId(INCIDENT + ":INCIDENT_OPENED:2")
                .setIncidentId(INCIDENT)
                .setKind(NotificationKind.INCIDENT_OPENED)
                .setChannel(Channel.EMAIL)
                .setAudience(Audience.TEAM)
                .setRecipientRole("on-call")
                .setRecipients(List.of(person("mira", "Mira Okafor")))
                .setSeverity(Severity.P1)
                .setSubject("[P1] " + INCIDENT + ": Database down")
                .setBody("P1 Critical: Database down.\n\n- Sentry issue: https://sentry.io/issues/42\n")
                .setPageAction(null)
                .setCreatedAt(CREATED)
                .setDueAt(CREATED.plusSeconds(900))
                .setPolicyVersion("v1")
                .setLinks(List.of(
                        Link.newBuilder().setLabel("Sentry issue").setUrl("https://sentry.io/issues/42").build(),
                        Link.newBuilder().setLabel("Deployment Runbook: Rollback Procedures")
                                .setUrl("runbooks/deployment.md#rollback-procedures").build()))
                .setAttachmentName(null)
                .setAttachment(null);
    }

    /** A customer notice to one tenant's contacts. */
    public static Notification.Builder aCustomerNotice(NotificationKind kind, String tenant, String subject) {
        return Notification.newBuilder()
                .setNotificationId(INCIDENT + ":" + kind + ":5")
                .setIncidentId(INCIDENT)
                .setKind(kind)
                .setChannel(Channel.EMAIL)
                .setAudience(Audience.CUSTOMERS)
                .setRecipientRole(null)
                .setRecipients(List.of(contact(tenant, "ops@" + tenant + ".example"),
                        contact(tenant, "cto@" + tenant + ".example")))
                .setSeverity(Severity.P1)
                .setSubject(subject)
                .setBody("We are aware of an issue affecting message delivery.\n\n— The Agentix Team\n")
                .setPageAction(null)
                .setCreatedAt(CREATED)
                .setDueAt(null)
                .setPolicyVersion("v1")
                .setLinks(List.of())
                .setAttachmentName(null)
                .setAttachment(null);
    }

    /** A page to on-call (Mira), trigger. */
    public static Notification.Builder aPage() {
        return aTeamEmail()
                .setChannel(Channel.PAGE)
                .setPageAction(PageAction.TRIGGER)
                .setSubject("[P1] " + INCIDENT + ": Database down")
                .setBody("Database down. Respond by 09:45 UTC.");
    }

    public static Delivery emailDelivery(Notification notification) {
        return new Delivery(notification.getNotificationId(), notification, ConfiguredChannels.SMTP,
                notification.getRecipients());
    }

    public static Delivery pageDelivery(Notification notification, String route) {
        return new Delivery(notification.getNotificationId() + "@" + route, notification, route,
                notification.getRecipients());
    }
}
