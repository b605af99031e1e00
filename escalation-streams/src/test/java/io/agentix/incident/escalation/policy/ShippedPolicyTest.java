package io.agentix.incident.escalation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.agentix.incident.events.Channel;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.Severity;

/**
 * The shipped default reproduces the runbook ("Incident Response Plan", last updated 2026-03-27): each
 * assertion quotes the runbook line it checks.
 */
class ShippedPolicyTest {

    private final Policy policy = PolicyLoader.shipped();

    @Test
    void versionIsTheRunbookDatePlusTheFileDigest() throws Exception {
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PolicyLoader.shippedBytes()));

        assertThat(policy.declaredVersion()).isEqualTo("2026-03-27"); // "Last updated: 2026-03-27"
        assertThat(policy.version()).isEqualTo("2026-03-27+" + digest.substring(0, 8));
        assertThat(policy.source()).isEqualTo("default-policy.yml");
    }

    @Test
    void anEditedFileIsANewVersionEvenWithTheSameDeclaredVersion() {
        String edited = new String(PolicyLoader.shippedBytes(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("correlationWindow: 15m", "correlationWindow: 20m");

        Policy other = PolicyLoader.parse("edited.yml", edited.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertThat(other.declaredVersion()).isEqualTo(policy.declaredVersion());
        assertThat(other.version()).isNotEqualTo(policy.version());
    }

    @Test
    void p1IsCriticalWith15MinutesPagingOnCallAndEveryoneEscalatingToCto() {
        SeverityPolicy p1 = policy.severity(Severity.P1);

        assertThat(p1.name()).isEqualTo("Critical");
        assertThat(p1.responseTime()).contains(Duration.ofMinutes(15)); // "P1 | Critical | ... | 15 minutes"
        assertThat(p1.firstResponder()).isEqualTo("on-call"); // "P1 | On-call engineer | CTO/founder"
        assertThat(p1.alsoNotify()).containsExactly("everyone"); // "P1 incidents automatically escalate to all available team members"
        assertThat(p1.firstChannel()).isEqualTo(Channel.PAGE);
        assertThat(p1.escalateTo()).contains("cto");
        assertThat(p1.escalationTrigger()).isEqualTo(EscalationTrigger.NOT_MITIGATED); // "If not mitigated within 15 minutes"
        // "P1 | Within 30 minutes | Every 30 minutes | Immediately on resolution"
        assertThat(p1.communication()).contains(new CommunicationPolicy(
                Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(5), true, Duration.ZERO));
        // "Schedule the post-mortem within 48 hours", "Complete the write-up within 5 business days"
        assertThat(p1.postmortem()).isEqualTo(new PostmortemPolicy(true, Optional.of(Duration.ofHours(48)), OptionalInt.of(5)));
    }

    @Test
    void p2IsMajorWithOneHourPagingOnCallEscalatingToTeamLead() {
        SeverityPolicy p2 = policy.severity(Severity.P2);

        assertThat(p2.name()).isEqualTo("Major");
        assertThat(p2.responseTime()).contains(Duration.ofHours(1)); // "P2 | Major | ... | 1 hour"
        assertThat(p2.firstResponder()).isEqualTo("on-call"); // "P2 | On-call engineer | Team lead"
        assertThat(p2.alsoNotify()).isEmpty();
        assertThat(p2.firstChannel()).isEqualTo(Channel.PAGE);
        assertThat(p2.escalateTo()).contains("team-lead");
        assertThat(p2.escalationTrigger()).isEqualTo(EscalationTrigger.NOT_MITIGATED); // "If not mitigated within 1 hour"
        // "P2 | Within 1 hour | Every hour | Within 1 hour of resolution"
        assertThat(p2.communication()).contains(new CommunicationPolicy(
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(5), true, Duration.ofHours(1)));
        assertThat(p2.postmortem()).isEqualTo(new PostmortemPolicy(true, Optional.of(Duration.ofHours(48)), OptionalInt.of(5)));
    }

    @Test
    void p3IsMinorWithFourHoursEmailingTheAssignedEngineerEscalatingToOnCallOnNoProgress() {
        SeverityPolicy p3 = policy.severity(Severity.P3);

        assertThat(p3.name()).isEqualTo("Minor");
        assertThat(p3.responseTime()).contains(Duration.ofHours(4)); // "P3 | Minor | ... | 4 hours"
        assertThat(p3.firstResponder()).isEqualTo("assigned-engineer"); // "P3 | Assigned engineer | On-call engineer"
        assertThat(p3.firstChannel()).isEqualTo(Channel.EMAIL);
        assertThat(p3.escalateTo()).contains("on-call");
        assertThat(p3.escalationTrigger()).isEqualTo(EscalationTrigger.NO_PROGRESS); // "If blocked or no progress in 4 hours"
        assertThat(p3.communication()).isEmpty(); // "P3 | Not required | Not required | Not required"
        assertThat(p3.postmortem().required()).isFalse(); // "optional for P3 incidents that reveal systemic issues"
    }

    @Test
    void p4IsLowDueNextBusinessDayEmailingTheAssignedEngineerNeverEscalating() {
        SeverityPolicy p4 = policy.severity(Severity.P4);

        assertThat(p4.name()).isEqualTo("Low");
        assertThat(p4.responseTime()).isEmpty(); // "P4 | Low | ... | Next business day"
        assertThat(p4.respondsNextBusinessDay()).isTrue();
        assertThat(p4.firstResponder()).isEqualTo("assigned-engineer"); // "P4 | Assigned engineer | None"
        assertThat(p4.firstChannel()).isEqualTo(Channel.EMAIL);
        assertThat(p4.escalateTo()).isEmpty();
        assertThat(p4.escalationTrigger()).isEqualTo(EscalationTrigger.NONE); // "No escalation required"
        assertThat(p4.escalates()).isFalse();
        assertThat(p4.communication()).isEmpty();
        assertThat(p4.postmortem()).isEqualTo(PostmortemPolicy.notRequired());
    }

    @Test
    void clocksAndWindowsFollowTheRunbook() {
        assertThat(policy.correlationWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.verificationWindow()).isEqualTo(Duration.ofMinutes(30)); // "Monitor for 30 minutes after resolution"
        assertThat(policy.recentDeployWindow()).isEqualTo(Duration.ofHours(2)); // "Was there a deployment in the last 2 hours?"
        assertThat(policy.rollbackRunbook())
                .isEqualTo(new RunbookLink("Deployment Runbook — Rollback Procedures", "docs/runbooks/deployment.md#rollback-procedures"));
        assertThat(policy.customerSender()).isEqualTo("support@agentixx.io"); // "Send via email from support@agentixx.io"
        assertThat(policy.postmortemDirectory()).isEqualTo("docs/runbooks/post-mortems"); // "Store post-mortem documents in docs/runbooks/post-mortems/"
        assertThat(policy.classification().allTenantsThreshold()).isEmpty();
    }

    @Test
    void businessHoursAreWeekdaysNineToFiveUtc() {
        assertThat(policy.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(policy.businessHours().days()).containsExactlyInAnyOrder(
                DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(policy.businessHours().start()).isEqualTo(LocalTime.of(9, 0));
        assertThat(policy.businessHours().end()).isEqualTo(LocalTime.of(17, 0));
    }

    @Test
    void coreComponentsAreInboxBuilderAndWebhooks() {
        // "Affecting multiple tenants or a core feature (inbox, builder, webhooks)? -> P2"
        assertThat(policy.components().stream().filter(ComponentPolicy::core).map(ComponentPolicy::name))
                .containsExactlyInAnyOrder("inbox", "builder", "webhooks");
        // "analytics not tracking; non-critical UI bug affecting one page; CSV export timing out" are P3 examples
        assertThat(policy.component("analytics")).get().extracting(ComponentPolicy::core).isEqualTo(false);
        assertThat(policy.component("csv-export")).get().extracting(ComponentPolicy::core).isEqualTo(false);
        assertThat(policy.component("ui")).get().extracting(ComponentPolicy::core).isEqualTo(false);
    }

    @Test
    void everyComponentHasAnOwnerWhoIsAPersonAndMatchers() {
        assertThat(policy.components()).allSatisfy(component -> {
            assertThat(component.owner()).as(component.name()).isPresent();
            assertThat(policy.person(component.owner().get())).as(component.name()).isPresent();
            assertThat(component.matchers()).as(component.name()).isNotEmpty();
        });
    }

    @Test
    void runbookLinksComeFromTheQuickReferenceTable() {
        Set<String> quickReference = Set.of(
                "Deployment Runbook — Rollback Procedures",
                "Database Backup & Restore — Manual Restore",
                "Redis Persistence — Verification Steps",
                "Email Deliverability Setup — Troubleshooting",
                "Uptime Monitoring Setup — Alert Configuration",
                "Staging Environment Setup — Verification");
        assertThat(policy.components().stream().flatMap(c -> c.runbook().stream()).map(RunbookLink::label))
                .isNotEmpty()
                .allSatisfy(label -> assertThat(quickReference).contains(label));
        assertThat(policy.component("database").flatMap(ComponentPolicy::runbook).map(RunbookLink::label))
                .contains("Database Backup & Restore — Manual Restore"); // "Database corruption or data loss"
        assertThat(policy.component("redis").flatMap(ComponentPolicy::runbook).map(RunbookLink::label))
                .contains("Redis Persistence — Verification Steps"); // "Redis failure or queue backup"
        assertThat(policy.component("email").flatMap(ComponentPolicy::runbook).map(RunbookLink::label))
                .contains("Email Deliverability Setup — Troubleshooting"); // "Email delivery failure"
    }

    @Test
    void examplePeopleAndRolesAreComplete() {
        assertThat(policy.people()).hasSizeGreaterThanOrEqualTo(5)
                .allSatisfy(p -> {
                    assertThat(p.email()).contains("@");
                    assertThat(p.github()).isNotEmpty();
                });
        assertThat(policy.roles().names())
                .contains("on-call", "cto", "team-lead", "assigned-engineer", "everyone");
        assertThat(policy.roles().onCallFromLastDeployToMain()).isTrue(); // "the person who pushed the last deploy to main"
        assertThat(policy.roles().resolve("cto", Optional.empty(), Optional.empty())).extracting(Person::id).containsExactly("mira");
        assertThat(policy.roles().resolve("team-lead", Optional.empty(), Optional.empty())).extracting(Person::id).containsExactly("jonas");
    }

    @Test
    void exampleTenantsHaveContactsExceptOneThatIsReported() {
        assertThat(policy.tenants().stream().filter(Tenant::hasContacts)).hasSizeGreaterThanOrEqualTo(3);
        assertThat(policy.tenantsWithoutContacts()).extracting(Tenant::id).containsExactly("initech");
    }

    @Test
    void everyNotificationKindButOtherHasATemplate() {
        for (NotificationKind kind : NotificationKind.values()) {
            if (kind != NotificationKind.OTHER) {
                assertThat(policy.templates().forKind(kind)).as(kind.name()).isPresent();
            }
        }
        assertThat(policy.templates().names()).containsAll(TemplateVariables.REQUIRED_TEMPLATES);
    }

    @Test
    void initialNoticeIsRunbookTemplateOneWordForWord() {
        Rendered rendered = policy.templates().get("initialNotice").render(Map.of(
                "issueDescription", "ISSUE", "scope", "SCOPE", "timeframe", "TIMEFRAME"));

        assertThat(rendered.subject()).isEqualTo("[Agentix] Service Disruption — We’re Investigating");
        assertThat(flat(rendered.body())).isEqualTo(runbook(
                "We are aware of [issue description] affecting [scope — e.g., message delivery, workflow execution, inbox"
                        + " access]. Our team is actively investigating. We will provide an update within [timeframe — e.g.,"
                        + " 30 minutes, 1 hour]. If you have questions, reply to this email or contact us at"
                        + " support@agentixx.io. — The Agentix Team",
                Map.of("[issue description]", "ISSUE",
                        "[scope — e.g., message delivery, workflow execution, inbox access]", "SCOPE",
                        "[timeframe — e.g., 30 minutes, 1 hour]", "TIMEFRAME")));
    }

    @Test
    void statusUpdateIsRunbookTemplateTwoWordForWord() {
        Rendered rendered = policy.templates().get("statusUpdate").render(Map.of(
                "issueDescription", "ISSUE", "currentStatus", "STATUS", "whatWeHaveDone", "DONE", "timeframe", "TIMEFRAME"));

        assertThat(rendered.subject()).isEqualTo("[Agentix] Update on Service Disruption");
        assertThat(flat(rendered.body())).isEqualTo(runbook(
                "Update on [issue]: Current status: [e.g., We have identified the root cause and are deploying a fix.]"
                        + " What we’ve done: [e.g., Rolled back the problematic deployment; paused affected queues to prevent"
                        + " further impact.] We expect to provide the next update in [timeframe]. — The Agentix Team",
                Map.of("[issue]", "ISSUE",
                        "[e.g., We have identified the root cause and are deploying a fix.]", "STATUS",
                        "[e.g., Rolled back the problematic deployment; paused affected queues to prevent further impact.]", "DONE",
                        "[timeframe]", "TIMEFRAME")));
    }

    @Test
    void resolutionNoticeIsRunbookTemplateThreeWordForWord() {
        Rendered rendered = policy.templates().get("resolutionNotice").render(Map.of(
                "scope", "SCOPE", "resolvedAt", "TIME", "rootCause", "CAUSE", "impact", "IMPACT",
                "prevention", "PREVENTION", "postmortemBusinessDays", 5));

        assertThat(rendered.subject()).isEqualTo("[Agentix] Service Restored");
        assertThat(flat(rendered.body())).isEqualTo(runbook(
                "The issue affecting [scope] has been resolved as of [time, e.g., 2026-03-15 14:30 UTC]. Root cause:"
                        + " [Brief, non-technical explanation — e.g., A deployment introduced a configuration error that"
                        + " prevented message processing.] Impact: [e.g., Message delivery was delayed by approximately 45"
                        + " minutes for all tenants.] What we’re doing to prevent this: [e.g., We are adding automated checks"
                        + " to our deployment pipeline to catch this class of error.] We will publish a detailed post-mortem"
                        + " within [N] business days. We apologize for the disruption. If you notice any remaining issues,"
                        + " please contact us at support@agentixx.io. — The Agentix Team",
                Map.of("[scope]", "SCOPE",
                        "[time, e.g., 2026-03-15 14:30 UTC]", "TIME",
                        "[Brief, non-technical explanation — e.g., A deployment introduced a configuration error that"
                                + " prevented message processing.]", "CAUSE",
                        "[e.g., Message delivery was delayed by approximately 45 minutes for all tenants.]", "IMPACT",
                        "[e.g., We are adding automated checks to our deployment pipeline to catch this class of error.]",
                        "PREVENTION",
                        "[N]", "5")));
    }

    @Test
    void escalationPageCarriesTheRunbookSummary() {
        // "provide a brief summary including severity, impact scope, what has been tried, and current hypothesis"
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("incidentId", "INC-20260315-0001");
        variables.put("title", "Inbox not loading");
        variables.put("severity", "P1");
        variables.put("severityName", "Critical");
        variables.put("role", "cto");
        variables.put("escalationLevel", 1);
        variables.put("escalationReason", "not mitigated within 15 minutes");
        variables.put("impactScope", "all tenants; inbox (core)");
        variables.put("tried", List.of("rolled back deploy 3f2a9c1", "restarted the workers"));
        variables.put("hypothesis", "Redis connection pool exhausted");

        Rendered rendered = policy.templates().get("escalated").render(variables);

        assertThat(rendered.subject()).isEqualTo("[P1 ESCALATED to cto] INC-20260315-0001: Inbox not loading");
        assertThat(rendered.body())
                .contains("Severity:            P1 Critical")
                .contains("Impact scope:        all tenants; inbox (core)")
                .contains("- rolled back deploy 3f2a9c1\n- restarted the workers\n")
                .contains("Current hypothesis:  Redis connection pool exhausted")
                .doesNotContain("nothing recorded yet");
    }

    @Test
    void everyShippedTemplateRendersWithAllItsVariables() {
        for (String name : policy.templates().names()) {
            Map<String, Object> variables = new LinkedHashMap<>();
            for (String variable : TemplateVariables.of(name)) {
                Set<String> fields = TemplateVariables.ITEM_FIELDS.get(variable);
                if (fields == null) {
                    variables.put(variable, "<" + variable + ">");
                } else if (fields.isEmpty()) {
                    variables.put(variable, List.of("<" + variable + " item>"));
                } else {
                    Map<String, String> item = new LinkedHashMap<>();
                    fields.forEach(f -> item.put(f, "<" + variable + "." + f + ">"));
                    variables.put(variable, List.of(item));
                }
            }
            Rendered rendered = policy.templates().get(name).render(variables);
            assertThat(rendered.subject()).as(name).isNotBlank().doesNotContain("{{").doesNotContain("\n");
            assertThat(rendered.body()).as(name).isNotBlank().doesNotContain("{{");
        }
    }

    private static String flat(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    private static String runbook(String text, Map<String, String> placeholders) {
        String result = text;
        for (Map.Entry<String, String> placeholder : placeholders.entrySet()) {
            assertThat(result).contains(placeholder.getKey());
            result = result.replace(placeholder.getKey(), placeholder.getValue());
        }
        return result;
    }
}
