package io.agentix.incident.ingest.core;

import static io.agentix.incident.ingest.core.Deliveries.RECEIVED_AT;
import static io.agentix.incident.ingest.core.Deliveries.fromJson;
import static io.agentix.incident.ingest.core.Deliveries.fromPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimeSource;

class ReportNormalizerTest {

    private final ReportNormalizer normalizer = new ReportNormalizer(NormalizationSettings.defaults());

    @Test
    void aFullReportKeepsEverythingItSays() throws Exception {
        Normalized normalized = normalizer.normalize(fromPayload(Source.REPORT, "full"));

        assertThat(normalized.eventType()).isEqualTo("report");
        AlertEvent alert = single(normalized);
        assertThat(alert.getSource()).isEqualTo("report");
        assertThat(alert.getSourceAccount()).isEqualTo("acme");
        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo("report:acme:inbox:inbox does not load for our team");
        assertThat(alert.getTitle()).isEqualTo("Inbox does not load for our team");
        assertThat(alert.getDescription()).isEqualTo("Since about 10:40 the inbox shows a spinner forever. Reload does not help.");
        assertThat(alert.getComponent()).isEqualTo("inbox");
        assertThat(alert.getEnvironment()).isEqualTo("production");
        assertThat(alert.getTenants()).containsExactly("acme", "globex");
        assertThat(alert.getAllTenants()).isFalse();
        assertThat(alert.getImpact()).isEqualTo(Impact.OUTAGE);
        assertThat(alert.getReporter()).isEqualTo("support@example.com");
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P2);
        assertThat(alert.getSeverityHintReason()).isEqualTo("declared by support@example.com");
        assertThat(alert.getLinks()).containsExactly(
                new Link("Support ticket", "https://support.example.com/tickets/4711"),
                new Link("https://status.example.com", "https://status.example.com"));
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2025-03-01T09:40:00Z"));
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
        assertThat(alert.getReceivedAt()).isEqualTo(RECEIVED_AT);
    }

    @Test
    void aMinimalReportHappensAtReceiptWithoutAHint() throws Exception {
        AlertEvent alert = single(normalizer.normalize(fromPayload(Source.REPORT, "minimal")));

        assertThat(alert.getDedupKey()).isEqualTo("report:acme:-:search is slow");
        assertThat(alert.getTitle()).isEqualTo("Search is slow");
        assertThat(alert.getDescription()).isNull();
        assertThat(alert.getComponent()).isNull();
        assertThat(alert.getTenants()).isEmpty();
        assertThat(alert.getAllTenants()).isFalse();
        assertThat(alert.getImpact()).isEqualTo(Impact.UNKNOWN);
        assertThat(alert.getSeverityHint()).isNull();
        assertThat(alert.getSeverityHintReason()).isNull();
        assertThat(alert.getReporter()).isNull();
        assertThat(alert.getLinks()).isEmpty();
        assertThat(alert.getOccurredAt()).isEqualTo(RECEIVED_AT);
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.RECEIPT);
    }

    @Test
    void twoReportersOfTheSameFailureShareTheDedupKey() throws Exception {
        AlertEvent anna = single(normalizer.normalize(fromPayload(Source.REPORT, "same-title-reporter-a")));
        AlertEvent bob = single(normalizer.normalize(fromPayload(Source.REPORT, "same-title-reporter-b")));

        assertThat(anna.getDedupKey()).isEqualTo("report:acme:inbox:inbox does not load").isEqualTo(bob.getDedupKey());
        assertThat(anna.getTenants()).containsExactly("acme");
        assertThat(bob.getTenants()).containsExactly("globex");
        assertThat(bob.getTitle()).as("the title itself is kept as written, trimmed").isEqualTo("inbox   DOES not\tload");
        assertThat(bob.getDescription()).as("null is absent").isNull();
        assertThat(anna.getEventId()).isNotEqualTo(bob.getEventId());
    }

    @Test
    void titlesFoldFullWidthAndUnicodeSpaces() throws Exception {
        AlertEvent halfWidth = single(normalizer.normalize(fromJson(Source.REPORT, "{\"title\": \"Inbox 500\"}")));
        AlertEvent fullWidth = single(normalizer.normalize(fromJson(Source.REPORT, "{\"title\": \"ＩＮＢＯＸ\u3000５００\"}")));

        assertThat(fullWidth.getDedupKey()).isEqualTo("report:acme:-:inbox 500").isEqualTo(halfWidth.getDedupKey());
    }

    @Test
    void anExplicitKeyIsTheDedupKeyAndAResolveWithItClosesTheReport() throws Exception {
        Normalized opened = normalizer.normalize(fromPayload(Source.REPORT, "explicit-key"));
        Normalized resolved = normalizer.normalize(fromPayload(Source.REPORT, "resolved-explicit-key"));

        AlertEvent open = single(opened);
        AlertEvent resolve = single(resolved);
        assertThat(open.getDedupKey()).isEqualTo("report:acme:INC-2025-031").isEqualTo(resolve.getDedupKey());
        assertThat(open.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(open.getSeverityHint()).isEqualTo(Severity.P1);
        assertThat(open.getSeverityHintReason()).isEqualTo("declared by oncall@example.com");
        assertThat(open.getAllTenants()).isTrue();
        assertThat(open.getImpact()).isEqualTo(Impact.DEGRADED);
        assertThat(resolved.eventType()).isEqualTo("report.resolved");
        assertThat(resolve.getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(resolve.getOccurredAt()).isEqualTo(Instant.parse("2025-03-01T13:05:00.250Z"));
        assertThat(resolve.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
    }

    @Test
    void aDeclarationWithoutReporterSaysSo() throws Exception {
        AlertEvent alert = single(normalizer.normalize(fromJson(Source.REPORT, "{\"title\": \"API down\", \"severity\": \"P1\"}")));

        assertThat(alert.getSeverityHintReason()).isEqualTo("declared in the report");
    }

    @Test
    void keepsUnicodeTextAndTenants() throws Exception {
        AlertEvent alert = single(normalizer.normalize(fromPayload(Source.REPORT, "unicode")));

        assertThat(alert.getTitle()).isEqualTo("Posteingang lädt nicht — 受信トレイが表示されない 📭");
        assertThat(alert.getDedupKey()).isEqualTo("report:acme:inbox:posteingang lädt nicht — 受信トレイが表示されない 📭");
        assertThat(alert.getDescription()).isEqualTo("Größere Mandanten sehen nur „Lädt…“. ユーザーから複数の報告あり。");
        assertThat(alert.getTenants()).containsExactly("müller-gmbh", "株式会社さくら");
        assertThat(alert.getReporter()).isEqualTo("Jürgen Groß");
    }

    @Test
    void twoAccountsNeverCollide() throws Exception {
        byte[] body = Deliveries.payload(Source.REPORT, "minimal");
        AlertEvent acme = single(normalizer.normalize(Deliveries.delivery(Source.REPORT, "acme", body, Map.of(), RECEIVED_AT)));
        AlertEvent globex = single(normalizer.normalize(Deliveries.delivery(Source.REPORT, "globex", body, Map.of(), RECEIVED_AT)));

        assertThat(acme.getDedupKey()).isEqualTo("report:acme:-:search is slow");
        assertThat(globex.getDedupKey()).isEqualTo("report:globex:-:search is slow");
        assertThat(acme.getEventId()).isNotEqualTo(globex.getEventId());
    }

    @Test
    void aRetriedPostGivesTheSameEventIdThoughItArrivesLater() throws Exception {
        byte[] body = Deliveries.payload(Source.REPORT, "unicode");
        AlertEvent first = single(normalizer.normalize(Deliveries.delivery(Source.REPORT, "acme", body, Map.of(), RECEIVED_AT)));
        AlertEvent retry = single(normalizer.normalize(new WebhookDelivery("raw-2", Source.REPORT, "acme", Map.of(), body,
                RECEIVED_AT.plusSeconds(5))));

        assertThat(retry.getEventId()).isEqualTo(first.getEventId());
        assertThat(retry.getOccurredAt()).isEqualTo(RECEIVED_AT.plusSeconds(5));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {"description": "no title"}                                  | $.title: missing
            {"title": null}                                              | $.title: missing
            {"title": "  "}                                              | $.title: must not be blank
            {"title": 42}                                                | $.title: expected a string, got number
            {"title": "t", "impact": "massive"}                          | $.impact: expected one of outage, degraded, cosmetic, none, got 'massive'
            {"title": "t", "impact": 3}                                  | $.impact: expected a string, got number
            {"title": "t", "tenants": "acme"}                            | $.tenants: expected an array, got string
            {"title": "t", "tenants": ["acme", 7]}                       | $.tenants[1]: expected a string, got number
            {"title": "t", "allTenants": "yes"}                          | $.allTenants: expected a boolean, got string
            {"title": "t", "component": {"name": "inbox"}}               | $.component: expected a string, got object
            {"title": "t", "severity": "P0"}                             | $.severity: expected one of P1, P2, P3, P4, got 'P0'
            {"title": "t", "status": "closed"}                           | $.status: expected one of open, triggered, resolved, got 'closed'
            {"title": "t", "links": ["https://x.example"]}               | $.links[0]: expected an object, got string
            {"title": "t", "links": [{"label": "Ticket"}]}               | $.links[0].url: missing
            {"title": "t", "occurredAt": "tomorrow"}                     | $.occurredAt: not an ISO-8601 timestamp: 'tomorrow'
            ["title"]                                                    | $: expected a JSON object, got array
            """)
    void namesTheProblemWithItsPath(String body, String message) {
        assertThatThrownBy(() -> normalizer.normalize(fromJson(Source.REPORT, body)))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage(message);
    }

    @Test
    void rejectsMissingSettings() {
        assertThatThrownBy(() -> new ReportNormalizer(null)).isInstanceOf(NullPointerException.class).hasMessage("settings");
    }

    private static AlertEvent single(Normalized normalized) {
        assertThat(normalized.isIgnored()).isFalse();
        assertThat(normalized.deployments()).isEmpty();
        assertThat(normalized.alerts()).hasSize(1);
        return normalized.alerts().get(0);
    }
}
