package io.agentix.incident.escalation.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.agentix.incident.events.NotificationKind;

/** Rendering the shipped templates: plain text, any script, policy-level values filled in. */
class TemplateRenderingTest {

    private final Templates templates = PolicyLoader.shipped().templates();

    @Test
    void germanJapaneseAndEmojiSurviveSubjectAndBody() {
        String title = "Zahlung fehlgeschlagen für Kunde in Köln — 決済に失敗しました 🔥";
        Rendered rendered = templates.get("incidentOpened").render(Map.of(
                "incidentId", "INC-20260315-0001", "severity", "P2", "severityName", "Major", "title", title,
                "tenants", "Müller & Söhne Logistik, 株式会社サンプル", "onCall", "Jürgen Müller"));

        assertThat(rendered.subject()).isEqualTo("[P2 Major] INC-20260315-0001: " + title);
        assertThat(rendered.body())
                .contains(title)
                .contains("Tenants:     Müller & Söhne Logistik, 株式会社サンプル")
                .contains("On-call:     Jürgen Müller");
    }

    @Test
    void valuesAreNotHtmlEscaped() {
        Rendered rendered = templates.get("initialNotice").render(Map.of(
                "issueDescription", "errors in <Inbox> & \"Builder\" 'pages'", "scope", "inbox access", "timeframe", "30 minutes"));

        assertThat(rendered.body()).startsWith(
                "We are aware of errors in <Inbox> & \"Builder\" 'pages' affecting inbox access. Our team is actively investigating.");
    }

    @Test
    void customerSenderComesFromThePolicyUnlessGiven() {
        assertThat(templates.get("initialNotice").render(Map.of()).body())
                .contains("contact us at support@agentixx.io.");
        assertThat(templates.get("initialNotice").render(Map.of("customerSender", "help@example.com")).body())
                .contains("contact us at help@example.com.");
    }

    @Test
    void aSubjectStaysOnOneLine() {
        Rendered rendered = templates.get("incidentOpened").render(Map.of("severity", "P3", "severityName", "Minor",
                "incidentId", "INC-1", "title", "first line\nsecond line\r\n  third"));

        assertThat(rendered.subject()).isEqualTo("[P3 Minor] INC-1: first line second line third");
    }

    @Test
    void listsRenderAsItemsAndEmptyListsFallBack() {
        Template escalated = templates.get("escalated");

        assertThat(escalated.render(Map.of("tried", List.of("rolled back", "paused the 📨 queue"))).body())
                .contains("- rolled back\n- paused the 📨 queue\n")
                .doesNotContain("nothing recorded yet");
        assertThat(escalated.render(Map.of("tried", List.of())).body()).contains("- nothing recorded yet");
        assertThat(templates.get("incidentOpened").render(Map.of(
                "links", List.of(Map.of("label", "Sentry issue", "url", "https://sentry.io/issues/1")),
                "recentDeploys", List.of(Map.of("service", "agentix-api", "commitSha", "3f2a9c1", "author", "danakim",
                        "deployedAt", "2026-03-15 08:55 UTC", "rollbackRunbook", "docs/runbooks/deployment.md#rollback-procedures")))).body())
                .contains("- Sentry issue: https://sentry.io/issues/1")
                .contains("Deployed shortly before detection: agentix-api 3f2a9c1 by danakim at 2026-03-15 08:55 UTC")
                .contains("Rollback: docs/runbooks/deployment.md#rollback-procedures");
    }

    @Test
    void aMissingVariableRendersAsNothing() {
        assertThat(templates.get("statusUpdate").render(Map.of("issueDescription", "inbox delays")).body())
                .startsWith("Update on inbox delays:\n\nCurrent status: \n");
    }

    @Test
    void templateVariablesAreTheDocumentedOnes() {
        assertThat(templates.get("resolutionNotice").variables())
                .contains("scope", "resolvedAt", "rootCause", "impact", "prevention", "postmortemBusinessDays", "customerSender")
                .doesNotContain("role", "onCall");
        assertThat(templates.get("escalated").variables())
                .contains("severity", "impactScope", "tried", "hypothesis", "role", "onCall", "links");
        assertThat(TemplateVariables.templateFor(NotificationKind.UPDATE_REMINDER)).contains("updateReminder");
        assertThat(TemplateVariables.templateFor(NotificationKind.OTHER)).isEmpty();
        assertThatThrownBy(() -> TemplateVariables.of("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyLoader.parse("x.yml", minimal()).templates().get("incidentAcknowledged"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no template 'incidentAcknowledged'");
    }

    @Test
    void timesAndDurationsReadLikeTheRunbook() {
        assertThat(TemplateVariables.time(Instant.parse("2026-03-15T14:30:00Z"), ZoneId.of("UTC"))).isEqualTo("2026-03-15 14:30 UTC");
        assertThat(TemplateVariables.time(Instant.parse("2026-03-15T14:30:00Z"), ZoneId.of("Europe/Berlin")))
                .isEqualTo("2026-03-15 15:30 CET");
        assertThat(TemplateVariables.duration(Duration.ofMinutes(30))).isEqualTo("30 minutes");
        assertThat(TemplateVariables.duration(Duration.ofHours(1))).isEqualTo("1 hour");
        assertThat(TemplateVariables.duration(Duration.ofMinutes(90))).isEqualTo("1 hour 30 minutes");
        assertThat(TemplateVariables.duration(Duration.ofHours(48))).isEqualTo("48 hours");
        assertThat(TemplateVariables.duration(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(TemplateVariables.duration(Duration.ZERO)).isEqualTo("0 minutes");
    }

    /** The minimal test policy, which defines only the required templates. */
    private static byte[] minimal() {
        try (var in = TemplateRenderingTest.class.getResourceAsStream("/policy/minimal-policy.yml")) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
