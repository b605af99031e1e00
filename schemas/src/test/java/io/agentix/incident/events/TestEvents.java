package io.agentix.incident.events;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Test data builders: every event type with every field populated (optional ones too), as
 * generated Avro builders so a test changes only what it is about, e.g.
 * {@code anAlert().setTenants(List.of("acme")).build()}.
 */
public final class TestEvents {

    public static final Instant T0 = Instant.parse("2026-03-15T09:30:00.123Z");

    private TestEvents() {
    }

    public static RawWebhook.Builder aRawWebhook() {
        byte[] body = "{\"action\":\"created\",\"data\":{\"issue\":{\"id\":\"4711\"}}}".getBytes(StandardCharsets.UTF_8);
        return RawWebhook.newBuilder()
                .setRawId("raw-01")
                .setSource("sentry")
                .setSourceAccount("acme-sentry")
                .setReceivedAt(T0)
                .setPath("/webhooks/sentry/***")
                .setHeaders(Map.of("content-type", "application/json", "sentry-hook-resource", "issue"))
                .setContentType("application/json")
                .setBody(ByteBuffer.wrap(body))
                .setBodySha256("9f2c".repeat(16))
                .setVerifiedBy("hmac-sha256")
                .setEventType("issue.created")
                .setDisposition(WebhookDisposition.IGNORED)
                .setNote("known event type without alert content")
                .setRemoteAddress("203.0.113.7");
    }

    public static RejectedWebhook.Builder aRejectedWebhook() {
        return RejectedWebhook.newBuilder()
                .setRawId("raw-02")
                .setSource("betterstack")
                .setSourceAccount("acme-betterstack")
                .setReceivedAt(T0)
                .setPath("/webhooks/betterstack/***")
                .setHeaders(Map.of("content-type", "application/json"))
                .setContentType("application/json")
                .setBody(ByteBuffer.wrap("{\"data\":".getBytes(StandardCharsets.UTF_8)))
                .setBodySize(2_000_000L)
                .setBodyTruncated(true)
                .setHttpStatus(422)
                .setReason("$.data.id: missing")
                .setErrorPath("$.data.id")
                .setRemoteAddress("198.51.100.4");
    }

    public static AlertEvent.Builder anAlert() {
        return AlertEvent.newBuilder()
                .setEventId("evt-sentry-1")
                .setRawId("raw-01")
                .setSource("sentry")
                .setSourceAccount("acme-sentry")
                .setKind(AlertKind.TRIGGERED)
                .setDedupKey("sentry:acme-sentry:4711")
                .setTitle("API /health — Status 503")
                .setDescription("TimeoutError in inbox.fetch")
                .setService("api")
                .setProject("backend")
                .setEnvironment("production")
                .setComponent("inbox")
                .setTenants(List.of("acme", "globex"))
                .setAllTenants(false)
                .setImpact(Impact.DEGRADED)
                .setSeverityHint(Severity.P2)
                .setSeverityHintReason("sentry level=error")
                .setLinks(List.of(aLink()))
                .setLabels(Map.of("release", "2026.03.1"))
                .setReporter("jane@example.com")
                .setOccurredAt(T0.minusSeconds(5))
                .setOccurredAtSource(TimeSource.HEADER)
                .setReceivedAt(T0);
    }

    public static DeploymentEvent.Builder aDeployment() {
        return DeploymentEvent.newBuilder()
                .setEventId("evt-gh-1")
                .setRawId("raw-03")
                .setSource("github")
                .setSourceAccount("acme-gh")
                .setService("acme/backend")
                .setEnvironment("production")
                .setBranch("main")
                .setMainBranch(true)
                .setCommitSha("1a2b3c4d")
                .setCommitMessage("Fix inbox pagination")
                .setAuthor("jdoe")
                .setAuthorEmail("jdoe@example.com")
                .setStatus("pushed")
                .setUrl("https://github.com/acme/backend/compare/a...b")
                .setDeployedAt(T0.minus(Duration.ofMinutes(40)))
                .setReceivedAt(T0.minus(Duration.ofMinutes(39)));
    }

    /** A command with every field but {@code rejection} set: a command the operator API refused is never applied. */
    public static IncidentCommand.Builder anIncidentCommand() {
        return IncidentCommand.newBuilder()
                .setCommandId("cmd-1")
                .setIncidentId("inc-20260315-7f3a2c")
                .setAction(CommandAction.RESOLVE)
                .setBy("jdoe")
                .setIssuedAt(T0.plus(Duration.ofMinutes(50)))
                .setMessage("Rolled back")
                .setAssignee("asmith")
                .setSeverity(Severity.P2)
                .setReason("confirmed by support")
                .setRootCause("A configuration change slowed down inbox loading")
                .setImpact("Inbox took up to a minute to load")
                .setPrevention("Load test before config rollout")
                .setSource("api");
    }

    public static Incident.Builder anIncident() {
        return Incident.newBuilder()
                .setIncidentId("inc-20260315-7f3a2c")
                .setVersion(7)
                .setPolicyVersion("policy-2026-03-01")
                .setStatus(IncidentStatus.RESOLVED)
                .setSeverity(Severity.P2)
                .setSeverityReasons(List.of("core component inbox", "2 tenants affected"))
                .setTitle("API /health — Status 503")
                .setDescription("TimeoutError in inbox.fetch")
                .setComponents(List.of("inbox"))
                .setTenants(List.of("acme", "globex"))
                .setAllTenants(false)
                .setSources(List.of("sentry", "betterstack"))
                .setDedupKeys(List.of("sentry:acme-sentry:4711", "betterstack:acme:99"))
                .setOpenDedupKeys(List.of("betterstack:acme:99"))
                .setAlertCount(3)
                .setDetectedAt(T0)
                .setSourceEventTime(T0.minusSeconds(5))
                .setAcknowledgedAt(T0.plus(Duration.ofMinutes(3)))
                .setMitigatedAt(T0.plus(Duration.ofMinutes(30)))
                .setResolvedAt(T0.plus(Duration.ofMinutes(50)))
                .setClosedAt(T0.plus(Duration.ofMinutes(80)))
                .setDismissedAt(T0.plus(Duration.ofMinutes(81)))
                .setUpdatedAt(T0.plus(Duration.ofMinutes(80)))
                .setLastProgressAt(T0.plus(Duration.ofMinutes(45)))
                .setResponseDueAt(T0.plus(Duration.ofHours(1)))
                .setEscalationLevel(1)
                .setEscalatedTo(List.of("team-lead"))
                .setOnCall("jdoe")
                .setOwner("asmith")
                .setAcknowledgedBy("asmith")
                .setBlockedReason("waiting for provider")
                .setRecentDeploys(List.of(aDeployRef()))
                .setLinks(List.of(aLink()))
                .setLatestUpdate("Rollback in progress")
                .setRootCause("A configuration change slowed down inbox loading")
                .setImpactSummary("Inbox took up to a minute to load")
                .setPrevention("Load test before config rollout")
                .setInitialNoticeSentAt(T0.plus(Duration.ofMinutes(4)))
                .setPostmortem(PostmortemState.newBuilder()
                        .setScheduledAt(T0.plus(Duration.ofMinutes(50)))
                        .setMeetingDueAt(T0.plus(Duration.ofHours(48)))
                        .setWriteupDueAt(T0.plus(Duration.ofDays(7)))
                        .setDraftPath("docs/runbooks/post-mortems/2026-03-15-inbox-timeouts.md")
                        .setDone(true)
                        .build());
    }

    public static TimelineEntry.Builder aTimelineEntry() {
        return TimelineEntry.newBuilder()
                .setIncidentId("inc-20260315-7f3a2c")
                .setSequence(4)
                .setAt(T0.plus(Duration.ofMinutes(15)))
                .setType(TimelineType.CLOCK_FIRED)
                .setActor("jdoe")
                .setSummary("Escalated to team-lead: not mitigated within 1 hour")
                .setFromStatus(IncidentStatus.OPEN)
                .setToStatus(IncidentStatus.ACKNOWLEDGED)
                .setSeverity(Severity.P2)
                .setRefId("esc-1")
                .setLateMillis(1_250L)
                .setDetails(Map.of("clock", "response-window"));
    }

    public static Escalation.Builder anEscalation() {
        return Escalation.newBuilder()
                .setEscalationId("esc-1")
                .setIncidentId("inc-20260315-7f3a2c")
                .setSeverity(Severity.P1)
                .setLevel(1)
                .setFromRole("on-call")
                .setToRole("cto")
                .setToPeople(List.of("cto-person"))
                .setReason(EscalationReason.RESPONSE_WINDOW_EXPIRED)
                .setSummary("P1, all tenants, rollback tried, suspect config change")
                .setAt(T0.plus(Duration.ofMinutes(15)))
                .setDeadline(T0.plus(Duration.ofMinutes(15)))
                .setLateMillis(42)
                .setBy("jdoe");
    }

    public static Notification.Builder aNotification() {
        return Notification.newBuilder()
                .setNotificationId("inc-20260315-7f3a2c/INITIAL_NOTICE/1")
                .setIncidentId("inc-20260315-7f3a2c")
                .setKind(NotificationKind.INITIAL_NOTICE)
                .setChannel(Channel.EMAIL)
                .setAudience(Audience.CUSTOMERS)
                .setRecipientRole("everyone")
                .setRecipients(List.of(Recipient.newBuilder()
                        .setId("acme:ops")
                        .setName("Acme Ops")
                        .setEmail("ops@acme.example")
                        .setPageTarget("slack-acme")
                        .setTenant("acme")
                        .build()))
                .setSeverity(Severity.P2)
                .setSubject("[Investigating] Inbox is slow")
                .setBody("We are investigating slow inbox loading.")
                .setPageAction(PageAction.TRIGGER)
                .setCreatedAt(T0.plus(Duration.ofMinutes(4)))
                .setDueAt(T0.plus(Duration.ofHours(1)))
                .setPolicyVersion("policy-2026-03-01")
                .setLinks(List.of(aLink()))
                .setAttachmentName("2026-03-15-inbox-timeouts.md")
                .setAttachment("# Post-mortem\n");
    }

    public static NotificationReceipt.Builder aReceipt() {
        return NotificationReceipt.newBuilder()
                .setNotificationId("inc-20260315-7f3a2c/INITIAL_NOTICE/1")
                .setIncidentId("inc-20260315-7f3a2c")
                .setChannel(Channel.EMAIL)
                .setStatus(DeliveryStatus.FAILED)
                .setAttempts(3)
                .setProviderId("<abc@mail.example>")
                .setEndpoint("smtp.example.com:587")
                .setRecipients(List.of("ops@acme.example"))
                .setError("452 mailbox full")
                .setDigestId("digest-9")
                .setFirstAttemptAt(T0.plus(Duration.ofMinutes(5)))
                .setCompletedAt(T0.plus(Duration.ofMinutes(6)))
                .setLatencyMillis(120_000L);
    }

    public static Link aLink() {
        return Link.newBuilder().setLabel("Sentry issue").setUrl("https://sentry.io/issues/4711").build();
    }

    public static DeployRef aDeployRef() {
        return DeployRef.newBuilder()
                .setEventId("evt-gh-1")
                .setService("acme/backend")
                .setEnvironment("production")
                .setCommitSha("1a2b3c4d")
                .setAuthor("jdoe")
                .setDeployedAt(T0.minus(Duration.ofMinutes(40)))
                .setRollbackRunbook("runbooks/deployment.md#rollback-procedures")
                .build();
    }
}
