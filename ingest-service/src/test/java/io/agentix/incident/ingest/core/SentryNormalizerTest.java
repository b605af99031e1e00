package io.agentix.incident.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimeSource;

class SentryNormalizerTest {

    private static final String ACCOUNT = "acme";
    private static final String INSTALLATION = "a8e5d37a-696c-4c54-adb5-b3f28d64c7de";
    private static final String HOOK_TIMESTAMP = "1757494500";
    private static final Instant HOOK_TIME = Instant.parse("2025-09-10T08:55:00Z");
    private static final String ISSUE_KEY = "sentry:acme:issue:1170820242";
    private static final String METRIC_KEY = "sentry:acme:metric_alert:73121";

    private final SentryNormalizer normalizer = new SentryNormalizer(NormalizationSettings.defaults());

    // ---- issue ---------------------------------------------------------------------------------

    @Test
    void issueCreatedTriggersAtTheIssuesFirstEvent() throws Exception {
        Normalized normalized = normalize("issue", "issue.created.json");

        assertThat(normalized.eventType()).isEqualTo("issue.created");
        AlertEvent alert = only(normalized);
        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getSource()).isEqualTo("sentry");
        assertThat(alert.getSourceAccount()).isEqualTo(ACCOUNT);
        assertThat(alert.getDedupKey()).isEqualTo(ISSUE_KEY);
        assertThat(alert.getTitle()).isEqualTo("ConnectionResetError: [Errno 104] Connection reset by peer");
        assertThat(alert.getDescription()).isEqualTo("In worker.deliveries in dispatch_batch\n1 events, 1 users");
        assertThat(alert.getService()).isEqualTo("webhooks-worker");
        assertThat(alert.getProject()).isEqualTo("webhooks-worker");
        assertThat(alert.getEnvironment()).isNull();
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P2);
        assertThat(alert.getSeverityHintReason()).isEqualTo("sentry level=error");
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2025-09-10T08:12:01.391Z"));
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
        assertThat(alert.getReceivedAt()).isEqualTo(Deliveries.RECEIVED_AT);
        assertThat(alert.getRawId()).startsWith("raw-");
        // permalink is null in this body: only the two documented URLs remain.
        assertThat(alert.getLinks()).extracting(Link::getLabel, Link::getUrl).containsExactly(
                tuple("Sentry issue", "https://sentry.io/organizations/agentix/issues/1170820242/"),
                tuple("Sentry issue (API)", "https://sentry.io/api/0/organizations/agentix/issues/1170820242/"));
        assertThat(alert.getLabels()).containsEntry("sentry.shortId", "WEBHOOKS-WORKER-3F")
                .containsEntry("sentry.action", "created")
                .containsEntry("level", "error")
                .doesNotContainKey("sentry.muted");
        assertThat(alert.getComponent()).isNull();
        assertThat(alert.getTenants()).isEmpty();
    }

    @Test
    void issueResolvedResolvesAtTheHookTimestamp() throws Exception {
        AlertEvent alert = only(normalize("issue", "issue.resolved.json"));

        assertThat(alert.getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(alert.getDedupKey()).isEqualTo(ISSUE_KEY);
        assertThat(alert.getOccurredAt()).isEqualTo(HOOK_TIME);
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.HEADER);
        assertThat(alert.getDescription()).contains("Resolved in Sentry by Mara Vogel (in release webhooks-worker@2.14.1)")
                .contains("57 events, 12 users");
    }

    @Test
    void issueResolvedWithoutTheTimestampHeaderTakesTheReceiptTime() throws Exception {
        AlertEvent alert = only(normalizer.normalize(Deliveries.fromResource(Source.SENTRY, ACCOUNT,
                "issue.resolved.json", "Sentry-Hook-Resource", "issue")));

        assertThat(alert.getOccurredAt()).isEqualTo(Deliveries.RECEIVED_AT);
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.RECEIPT);
    }

    @Test
    void anUnreadableTimestampHeaderFallsBackToTheReceiptTime() {
        for (String header : List.of("soon", "2025-09-10", "1e999999999")) {
            AlertEvent alert = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> only(normalizer.normalize(
                    Deliveries.fromResource(Source.SENTRY, ACCOUNT, "issue.resolved.json",
                            "Sentry-Hook-Resource", "issue", "Sentry-Hook-Timestamp", header))));

            assertThat(alert.getOccurredAtSource()).as(header).isEqualTo(TimeSource.RECEIPT);
        }
    }

    @Test
    void issueAssignedAcknowledgesAtTheHookTimestamp() throws Exception {
        AlertEvent alert = only(normalize("issue", "issue.assigned.json"));

        assertThat(alert.getKind()).isEqualTo(AlertKind.ACKNOWLEDGED);
        assertThat(alert.getDedupKey()).isEqualTo(ISSUE_KEY);
        assertThat(alert.getDescription()).contains("Assigned in Sentry to Mara Vogel by Mara Vogel");
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.HEADER);
        assertThat(alert.getLabels()).doesNotContainKey("sentry.muted");
    }

    @Test
    void issueIgnoredAndArchivedAcknowledgeAndSaySoAsMuted() throws Exception {
        for (String action : List.of("ignored", "archived")) {
            Normalized normalized = normalize("issue", "issue." + action + ".json");
            AlertEvent alert = only(normalized);

            assertThat(normalized.eventType()).isEqualTo("issue." + action);
            assertThat(alert.getKind()).isEqualTo(AlertKind.ACKNOWLEDGED);
            assertThat(alert.getDedupKey()).isEqualTo(ISSUE_KEY);
            assertThat(alert.getLabels()).containsEntry("sentry.muted", "true");
            assertThat(alert.getDescription()).contains("Muted in Sentry (" + action + ") by Mara Vogel: archived_");
            assertThat(alert.getOccurredAt()).isEqualTo(HOOK_TIME);
            assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.HEADER);
        }
    }

    @Test
    void issueUnresolvedByARegressionTriggersAtTheLatestEvent() throws Exception {
        AlertEvent alert = only(normalize("issue", "issue.unresolved.json"));

        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo(ISSUE_KEY);
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2025-09-11T14:03:27.815Z"));
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
        assertThat(alert.getDescription()).contains("Unresolved in Sentry by Sentry (regressed)");
    }

    @Test
    void issueUnresolvedByAPersonTakesTheHookTimestamp() throws Exception {
        byte[] body = text("issue.unresolved.json")
                .replace("\"id\": \"sentry\",\n    \"name\": \"Sentry\",\n    \"type\": \"application\"",
                        "\"id\": 48213,\n    \"name\": \"Mara Vogel\",\n    \"type\": \"user\"")
                .getBytes(StandardCharsets.UTF_8);
        AlertEvent alert = only(normalizer.normalize(sentry("issue", body)));

        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.HEADER);
    }

    @Test
    void anUnknownIssueActionIsIgnored() throws Exception {
        byte[] body = text("issue.created.json").replace("\"action\": \"created\"", "\"action\": \"deleted\"")
                .getBytes(StandardCharsets.UTF_8);
        Normalized normalized = normalizer.normalize(sentry("issue", body));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.eventType()).isEqualTo("issue.deleted");
        assertThat(normalized.ignoredReason()).isEqualTo("Sentry issue action 'deleted' is no lifecycle step");
    }

    // ---- event_alert, error, legacy --------------------------------------------------------------

    @Test
    void eventAlertTriggersWithTagsComponentTenantsAndTheFailingFrame() throws Exception {
        Normalized normalized = normalize("event_alert", "event_alert.triggered.json");
        AlertEvent alert = only(normalized);

        assertThat(normalized.eventType()).isEqualTo("event_alert.triggered");
        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo(ISSUE_KEY);
        assertThat(alert.getTitle()).isEqualTo("ConnectionResetError: [Errno 104] Connection reset by peer");
        assertThat(alert.getService()).isEqualTo("webhooks-worker");
        assertThat(alert.getEnvironment()).isEqualTo("production");
        assertThat(alert.getComponent()).isEqualTo("webhooks");
        assertThat(alert.getTenants()).containsExactly("acme");
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P2);
        assertThat(alert.getSeverityHintReason()).isEqualTo("sentry level=error");
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2025-09-10T08:12:01.391Z"));
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
        // Frames are oldest first: the last one is where it failed.
        assertThat(alert.getDescription()).isEqualTo("In worker.deliveries in dispatch_batch\n"
                + "ConnectionResetError: [Errno 104] Connection reset by peer\n"
                + "at urlopen (urllib3/connectionpool.py:104)\n"
                + "Alert rule: Webhook delivery failures");
        assertThat(alert.getLabels())
                .containsEntry("environment", "production")
                .containsEntry("release", "webhooks-worker@2.14.0")
                .containsEntry("level", "error")
                .containsEntry("component", "webhooks")
                .containsEntry("tenant", "acme")
                .containsEntry("server_name", "worker-7c9f5d-x2k4q")
                .containsEntry("sentry.triggeredRule", "Webhook delivery failures")
                .containsEntry("sentry.eventId", "e4874d664c3540c1a32eab185f12c5ab")
                .doesNotContainKeys("browser", "user", "runtime", "handled");
        assertThat(alert.getLinks()).extracting(Link::getLabel).containsExactly("Sentry event", "Sentry issue (API)");
    }

    @Test
    void errorCreatedTriggersOnTheIssueKeyAtTheEventTime() throws Exception {
        Normalized normalized = normalize("error", "error.created.json");
        AlertEvent alert = only(normalized);

        assertThat(normalized.eventType()).isEqualTo("error.created");
        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo(ISSUE_KEY);
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2025-09-10T08:14:22.100Z"));
        assertThat(alert.getLabels()).containsEntry("sentry.resource", "error");
    }

    @Test
    void theLegacyPluginBodyTriggersOnTheIssueKeyWithoutAnyHeader() throws Exception {
        Normalized normalized = normalizer.normalize(Deliveries.fromResource(Source.SENTRY, ACCOUNT,
                "legacy.webhooks_plugin.json"));
        AlertEvent alert = only(normalized);

        assertThat(normalized.eventType()).isEqualTo("legacy_webhook.triggered");
        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo(ISSUE_KEY);
        assertThat(alert.getTitle()).isEqualTo("ConnectionResetError: [Errno 104] Connection reset by peer");
        assertThat(alert.getService()).isEqualTo("webhooks-worker");
        assertThat(alert.getEnvironment()).isEqualTo("production");
        assertThat(alert.getComponent()).isEqualTo("webhooks");
        assertThat(alert.getTenants()).containsExactly("acme", "globex");
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P2);
        // event.timestamp is an epoch float.
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2025-09-10T08:12:01.391Z"));
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
        assertThat(alert.getLinks()).extracting(Link::getUrl)
                .containsExactly("https://agentix.sentry.io/issues/1170820242/?referrer=webhooks_plugin");
        assertThat(alert.getDescription()).endsWith("Alert rule: Webhook delivery failures");
    }

    @Test
    void issueEventAlertErrorAndLegacyOfOneIssueShareTheDedupKey() throws Exception {
        List<AlertEvent> alerts = List.of(
                only(normalize("issue", "issue.created.json")),
                only(normalize("event_alert", "event_alert.triggered.json")),
                only(normalize("error", "error.created.json")),
                only(normalizer.normalize(Deliveries.fromResource(Source.SENTRY, ACCOUNT, "legacy.webhooks_plugin.json"))),
                only(normalizeAt("issue.assigned.json", "1757492100")),
                only(normalizeAt("issue.ignored.json", "1757493000")),
                only(normalizeAt("issue.resolved.json", "1757494500")),
                only(normalize("issue", "issue.unresolved.json")));

        assertThat(alerts).extracting(AlertEvent::getDedupKey).containsOnly(ISSUE_KEY);
        // The issue's creation, the rule firing on its first event and the legacy plugin's call about
        // that event are three reports of one signal: one event id, counted once downstream.
        assertThat(alerts.subList(0, 4)).extracting(AlertEvent::getEventId)
                .containsExactly(alerts.get(0).getEventId(), alerts.get(0).getEventId(), alerts.get(2).getEventId(),
                        alerts.get(0).getEventId());
        assertThat(alerts.get(2).getEventId()).isNotEqualTo(alerts.get(0).getEventId());
        assertThat(alerts.subList(3, 8)).extracting(AlertEvent::getEventId).doesNotHaveDuplicates();
    }

    @Test
    void aNonProductionEnvironmentLowersTheHintOneLevelAndSaysWhy() throws Exception {
        AlertEvent alert = only(normalize("error", "error.created.staging.json"));

        assertThat(alert.getEnvironment()).isEqualTo("staging");
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P2);
        assertThat(alert.getSeverityHintReason())
                .isEqualTo("sentry level=fatal -> P1, lowered to P2: environment 'staging' is not production");
    }

    @Test
    void nullCulpritEnvironmentAndReleaseAreLikeAbsentOnes() throws Exception {
        AlertEvent alert = only(normalize("event_alert", "event_alert.nulls.json"));

        assertThat(alert.getEnvironment()).isNull();
        assertThat(alert.getDescription()).isNull();
        // An unknown environment counts as production: no lowering.
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P3);
        assertThat(alert.getSeverityHintReason()).isEqualTo("sentry level=warning");
        assertThat(alert.getLabels()).doesNotContainKeys("environment", "release", "sentry.triggeredRule");
        assertThat(alert.getLinks()).extracting(Link::getLabel).containsExactly("Sentry issue (API)");
        assertThat(alert.getDedupKey()).isEqualTo(ISSUE_KEY);
    }

    @Test
    void aThreeHundredKilobyteEventIsNormalizedWithItsTextCut() throws Exception {
        ObjectNode body = (ObjectNode) JsonPayload.mapper().readTree(Deliveries.payload(Source.SENTRY, "event_alert.triggered.json"));
        ObjectNode event = (ObjectNode) body.get("data").get("event");
        ArrayNode frames = (ArrayNode) event.get("exception").get("values").get(0).get("stacktrace").get("frames");
        int i = 0;
        while (frames.toString().length() < 300_000) {
            ObjectNode frame = frames.insertObject(0);
            frame.put("filename", "worker/pipeline/stage_" + i + ".py").put("function", "stage_" + i).put("lineno", i)
                    .put("in_app", true).put("context_line", "    return next_stage(batch, attempt=attempt)");
            ObjectNode vars = frame.putObject("vars");
            vars.put("batch", "[" + "'evt_0123456789abcdef', ".repeat(12) + "...]").put("attempt", String.valueOf(i));
            i++;
        }
        event.put("culprit", "x".repeat(5_000));
        byte[] bytes = JsonPayload.mapper().writeValueAsBytes(body);
        assertThat(bytes.length).isBetween(300_000, 400_000);

        AlertEvent alert = only(normalizer.normalize(sentry("event_alert", bytes)));

        assertThat(alert.getDedupKey()).isEqualTo(ISSUE_KEY);
        assertThat(alert.getDescription()).hasSize(Alerts.MAX_DESCRIPTION_LENGTH).endsWith("…");
        assertThat(alert.getTitle()).isEqualTo("ConnectionResetError: [Errno 104] Connection reset by peer");
    }

    // ---- metric_alert --------------------------------------------------------------------------

    @Test
    void metricAlertCriticalTriggersWithP1FromTheAction() throws Exception {
        Normalized normalized = normalize("metric_alert", "metric_alert.critical.json");
        AlertEvent alert = only(normalized);

        assertThat(normalized.eventType()).isEqualTo("metric_alert.critical");
        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo(METRIC_KEY);
        assertThat(alert.getTitle()).isEqualTo("Critical: Crash-free sessions below 99%");
        assertThat(alert.getDescription()).startsWith("Crash free sessions rate: 96.2%\nThreshold: below 97%\nRule: ");
        assertThat(alert.getService()).isEqualTo("inbox-web");
        assertThat(alert.getEnvironment()).isEqualTo("production");
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P1);
        assertThat(alert.getSeverityHintReason()).isEqualTo("sentry metric alert critical");
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2025-09-10T08:19:00Z"));
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
        assertThat(alert.getLinks()).extracting(Link::getUrl)
                .containsExactly("https://sentry.io/organizations/agentix/alerts/rules/details/97/?alert=412");
        assertThat(alert.getLabels()).containsEntry("sentry.alertRule", "Crash-free sessions below 99%")
                .containsEntry("sentry.identifier", "412");
    }

    @Test
    void metricAlertWarningTriggersWithP3() throws Exception {
        AlertEvent alert = only(normalize("metric_alert", "metric_alert.warning.json"));

        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo(METRIC_KEY);
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P3);
        assertThat(alert.getSeverityHintReason()).isEqualTo("sentry metric alert warning");
    }

    @Test
    void metricAlertOpenTakesItsSeverityFromTheIncidentStatus() throws Exception {
        byte[] body = text("metric_alert.critical.json").replace("\"action\": \"critical\"", "\"action\": \"open\"")
                .getBytes(StandardCharsets.UTF_8);
        AlertEvent alert = only(normalizer.normalize(sentry("metric_alert", body)));

        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P1);
        assertThat(alert.getSeverityHintReason()).isEqualTo("sentry metric alert critical");
    }

    @Test
    void metricAlertResolvedResolvesTheSameKeyWhenTheIncidentClosed() throws Exception {
        AlertEvent alert = only(normalize("metric_alert", "metric_alert.resolved.json"));

        assertThat(alert.getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(alert.getDedupKey()).isEqualTo(METRIC_KEY);
        assertThat(alert.getTitle()).isEqualTo("Resolved: Crash-free sessions below 99%");
        assertThat(alert.getSeverityHint()).isNull();
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2025-09-10T09:05:00Z"));
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
    }

    @Test
    void metricAlertInANonProductionEnvironmentIsLowered() throws Exception {
        byte[] body = text("metric_alert.critical.json").replace("\"environment\": \"production\"", "\"environment\": \"preview\"")
                .getBytes(StandardCharsets.UTF_8);
        AlertEvent alert = only(normalizer.normalize(sentry("metric_alert", body)));

        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P2);
        assertThat(alert.getSeverityHintReason())
                .isEqualTo("sentry metric alert critical -> P1, lowered to P2: environment 'preview' is not production");
    }

    // ---- ignored -------------------------------------------------------------------------------

    @Test
    void installationCommentSeerSizeAnalysisAndUnknownResourcesAreIgnoredWithAReason() throws Exception {
        assertIgnored("installation", "installation.created.json", "installation.created",
                "Sentry installation webhooks carry no alert");
        assertIgnored("comment", "comment.created.json", "comment.created", "Sentry comment webhooks carry no alert");
        assertIgnored("seer", "seer.root_cause_completed.json", "seer.root_cause_completed",
                "Sentry seer webhooks carry no alert");
        assertIgnored("size_analysis", "unknown.workflow_run.json", "size_analysis.started",
                "Sentry size_analysis webhooks carry no alert");
        assertIgnored("workflow_run", "unknown.workflow_run.json", "workflow_run.started",
                "unknown Sentry resource 'workflow_run'");
    }

    // ---- text, numbers, accounts, ids ----------------------------------------------------------

    @Test
    void escapedUnicodeTitlesComeOutAsText() throws Exception {
        AlertEvent alert = only(normalize("issue", "issue.created.unicode.json"));

        assertThat(alert.getTitle()).isEqualTo("Zahlung fehlgeschlagen für Kunde in Köln — 決済に失敗しました 🔥");
        assertThat(alert.getDescription()).startsWith("In app/checkout/Zahlung.tsx in bestätigen");
        assertThat(alert.getDedupKey()).isEqualTo("sentry:acme:issue:1170820299");
        assertThat(alert.getService()).isEqualTo("inbox-web");
    }

    @Test
    void numericIdsAndCountsAreReadAsText() throws Exception {
        AlertEvent alert = only(normalize("issue", "issue.created.numeric_ids.json"));

        assertThat(alert.getDedupKey()).isEqualTo("sentry:acme:issue:1170820243");
        assertThat(alert.getLabels()).containsEntry("sentry.issueId", "1170820243");
        assertThat(alert.getDescription()).endsWith("4 events, 2 users");
    }

    @Test
    void twoAccountsNeverShareAKeyOrAnEventId() throws Exception {
        AlertEvent acme = only(normalizer.normalize(Deliveries.fromResource(Source.SENTRY, "acme",
                "issue.created.json", "Sentry-Hook-Resource", "issue")));
        AlertEvent globex = only(normalizer.normalize(Deliveries.fromResource(Source.SENTRY, "globex",
                "issue.created.json", "Sentry-Hook-Resource", "issue")));

        assertThat(acme.getDedupKey()).isEqualTo("sentry:acme:issue:1170820242");
        assertThat(globex.getDedupKey()).isEqualTo("sentry:globex:issue:1170820242");
        assertThat(acme.getEventId()).isNotEqualTo(globex.getEventId());
    }

    @Test
    void withoutAResolvedAccountTheBodysInstallationScopesTheKey() throws Exception {
        AlertEvent first = only(normalizer.normalize(Deliveries.fromResource(Source.SENTRY, null,
                "issue.created.json", "Sentry-Hook-Resource", "issue")));
        byte[] other = text("issue.created.json").replace(INSTALLATION, "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f")
                .getBytes(StandardCharsets.UTF_8);
        AlertEvent second = only(normalizer.normalize(Deliveries.of(Source.SENTRY, null, other,
                "Sentry-Hook-Resource", "issue")));

        assertThat(first.getDedupKey()).isEqualTo("sentry:" + INSTALLATION + ":issue:1170820242");
        assertThat(first.getSourceAccount()).isEqualTo(INSTALLATION);
        assertThat(second.getDedupKey()).isEqualTo("sentry:0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f:issue:1170820242");
    }

    @Test
    void theSameBodyDeliveredTwiceGetsTheSameEventId() throws Exception {
        for (String[] resourceAndFile : new String[][] {
                {"issue", "issue.created.json"}, {"issue", "issue.resolved.json"},
                {"event_alert", "event_alert.triggered.json"}, {"metric_alert", "metric_alert.critical.json"}}) {
            byte[] body = Deliveries.payload(Source.SENTRY, resourceAndFile[1]);
            WebhookDelivery first = sentry(resourceAndFile[0], body);
            WebhookDelivery retry = new WebhookDelivery("another-raw-id", Source.SENTRY, ACCOUNT, first.headers(), body,
                    Deliveries.RECEIVED_AT.plusSeconds(30));

            assertThat(only(normalizer.normalize(retry)).getEventId())
                    .as(resourceAndFile[1])
                    .isEqualTo(only(normalizer.normalize(first)).getEventId());
        }
    }

    @Test
    void aRetryWithoutAnyEventTimeIsStillRecognisedByItsBody() throws Exception {
        byte[] body = Deliveries.payload(Source.SENTRY, "issue.resolved.json");
        WebhookDelivery first = Deliveries.of(Source.SENTRY, ACCOUNT, body, "Sentry-Hook-Resource", "issue");
        WebhookDelivery retry = new WebhookDelivery("r2", Source.SENTRY, ACCOUNT, first.headers(), body,
                Deliveries.RECEIVED_AT.plusSeconds(90));

        assertThat(only(normalizer.normalize(retry)).getEventId()).isEqualTo(only(normalizer.normalize(first)).getEventId());
    }

    // ---- malformed -----------------------------------------------------------------------------

    @Test
    void aBodyThatIsNoObjectIsMalformedAtTheRoot() {
        assertMalformed("issue", "[1,2]", "$: expected a JSON object, got array");
        assertThatThrownBy(() -> normalizer.normalize(sentry("issue", "{\"action\":".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageStartingWith("$: not valid JSON: ");
    }

    @Test
    void missingRequiredFieldsNameTheirPath() {
        assertMalformed("issue", "{\"action\":\"created\",\"data\":{\"issue\":{\"title\":\"x\"}}}", "$.data.issue.id: missing");
        assertMalformed("issue", "{\"action\":\"created\",\"data\":{}}", "$.data.issue: missing");
        assertMalformed("issue", "{\"action\":\"created\",\"data\":{\"issue\":\"1170820242\"}}",
                "$.data.issue: expected an object, got string");
        assertMalformed("issue", "{\"data\":{\"issue\":{\"id\":\"1\"}}}", "$.action: missing");
        assertMalformed("event_alert", "{\"action\":\"triggered\",\"data\":{\"event\":{\"title\":\"x\"}}}",
                "$.data.event.issue_id: missing");
        // error bodies carry data.error; data.event is an event_alert's.
        assertMalformed("error", "{\"action\":\"created\",\"data\":{\"event\":{\"issue_id\":\"1\"}}}", "$.data.error: missing");
        assertMalformed("metric_alert", "{\"action\":\"critical\",\"data\":{\"metric_alert\":{\"title\":\"x\"}}}",
                "$.data.metric_alert.id: missing");
        assertMalformed("issue", "{\"action\":\"created\",\"data\":{\"issue\":{\"id\":\"1\",\"firstSeen\":\"yesterday\"}}}",
                "$.data.issue.firstSeen: not an ISO-8601 timestamp: 'yesterday'");
    }

    @Test
    void anAbsurdEpochInTheBodyIsMalformedAndCheap() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertMalformed("event_alert", "{\"action\":\"triggered\",\"data\":{\"event\":{\"issue_id\":\"1\","
                    + "\"datetime\":\"1e99999999\"}}}", "$.data.event.datetime: epoch seconds out of range: 1E+99999999");
            assertMalformed("event_alert", "{\"action\":\"triggered\",\"data\":{\"event\":{\"issue_id\":\"1\","
                    + "\"timestamp\":1e99999999}}}", "$.data.event.timestamp: epoch seconds out of range: Infinity");
        });
    }

    @Test
    void aLegacyBodyWithoutAnIssueIdIsMalformed() {
        assertThatThrownBy(() -> normalizer.normalize(Deliveries.of(Source.SENTRY, ACCOUNT,
                "{\"triggering_rules\":[\"r\"],\"project\":\"p\"}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("$.id: missing");
    }

    @Test
    void aBodyWithoutResourceHeaderOrLegacyShapeIsMalformed() {
        assertThatThrownBy(() -> normalizer.normalize(Deliveries.fromResource(Source.SENTRY, ACCOUNT, "issue.created.json")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("$.triggering_rules: missing; without a Sentry-Hook-Resource header only the legacy"
                        + " WebHooks plugin body is accepted");
    }

    @Test
    void requiresSettings() {
        assertThatThrownBy(() -> new SentryNormalizer(null)).isInstanceOf(NullPointerException.class).hasMessage("settings");
        assertThat(normalizer.source()).isEqualTo(Source.SENTRY);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Normalized normalize(String resource, String file) throws MalformedWebhookException {
        return normalizer.normalize(sentry(resource, Deliveries.payload(Source.SENTRY, file)));
    }

    /** An issue lifecycle step Sentry sent at {@code hookTimestamp}. */
    private Normalized normalizeAt(String file, String hookTimestamp) throws MalformedWebhookException {
        return normalizer.normalize(Deliveries.fromResource(Source.SENTRY, ACCOUNT, file,
                "Sentry-Hook-Resource", "issue", "Sentry-Hook-Timestamp", hookTimestamp));
    }

    private static WebhookDelivery sentry(String resource, byte[] body) {
        return Deliveries.of(Source.SENTRY, ACCOUNT, body,
                "Sentry-Hook-Resource", resource,
                "Sentry-Hook-Timestamp", HOOK_TIMESTAMP,
                "Request-ID", "8a1c3e2b9f4d4a6e8c0b7d5e3f1a2c4b");
    }

    private static String text(String file) {
        return new String(Deliveries.payload(Source.SENTRY, file), StandardCharsets.UTF_8);
    }

    private static AlertEvent only(Normalized normalized) {
        assertThat(normalized.isIgnored()).as("ignored: %s", normalized.ignoredReason()).isFalse();
        assertThat(normalized.deployments()).isEmpty();
        assertThat(normalized.alerts()).hasSize(1);
        return normalized.alerts().get(0);
    }

    private void assertIgnored(String resource, String file, String eventType, String reason) throws Exception {
        Normalized normalized = normalize(resource, file);
        assertThat(normalized.isIgnored()).as(resource).isTrue();
        assertThat(normalized.eventType()).isEqualTo(eventType);
        assertThat(normalized.ignoredReason()).isEqualTo(reason);
    }

    private void assertMalformed(String resource, String body, String message) {
        assertThatThrownBy(() -> normalizer.normalize(sentry(resource, body.getBytes(StandardCharsets.UTF_8))))
                .as(body)
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage(message);
    }
}
