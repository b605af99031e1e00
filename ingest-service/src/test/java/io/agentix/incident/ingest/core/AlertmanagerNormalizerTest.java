package io.agentix.incident.ingest.core;

import static io.agentix.incident.ingest.core.Deliveries.RECEIVED_AT;
import static io.agentix.incident.ingest.core.Deliveries.fromJson;
import static io.agentix.incident.ingest.core.Deliveries.fromPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
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

class AlertmanagerNormalizerTest {

    private final AlertmanagerNormalizer normalizer = new AlertmanagerNormalizer(NormalizationSettings.defaults());

    @Test
    void turnsEachAlertOfAGroupIntoItsOwnEvent() throws Exception {
        Normalized normalized = normalizer.normalize(fromPayload(Source.ALERTMANAGER, "group-mixed"));

        assertThat(normalized.eventType()).isEqualTo("firing");
        assertThat(normalized.deployments()).isEmpty();
        assertThat(normalized.alerts())
                .extracting(AlertEvent::getKind, AlertEvent::getDedupKey, AlertEvent::getSource,
                        AlertEvent::getSourceAccount, AlertEvent::getRawId)
                .containsExactly(
                        tuple(AlertKind.TRIGGERED, "alertmanager:acme:1a30ba71cca2921f", "alertmanager", "acme", "raw-alertmanager-1"),
                        tuple(AlertKind.TRIGGERED, "alertmanager:acme:c6eadffa33fcdf37", "alertmanager", "acme", "raw-alertmanager-1"),
                        tuple(AlertKind.RESOLVED, "alertmanager:acme:bc97ff14869b13e3", "alertmanager", "acme", "raw-alertmanager-1"));
        assertThat(normalized.alerts()).extracting(AlertEvent::getEventId).doesNotHaveDuplicates();
    }

    @Test
    void firingAlertTakesTitleHintComponentTenantsAndLinksFromLabelsAndAnnotations() throws Exception {
        AlertEvent alert = normalizer.normalize(fromPayload(Source.ALERTMANAGER, "group-mixed")).alerts().get(0);

        assertThat(alert.getTitle()).isEqualTo("Inbox API: 5xx rate above 5%");
        assertThat(alert.getDescription()).isEqualTo("5xx rate is 12.5% over the last 5 minutes (threshold 5%).");
        assertThat(alert.getComponent()).isEqualTo("inbox");
        assertThat(alert.getEnvironment()).isEqualTo("production");
        assertThat(alert.getService()).isEqualTo("inbox-api");
        assertThat(alert.getTenants()).containsExactly("acme", "globex");
        assertThat(alert.getAllTenants()).isFalse();
        assertThat(alert.getImpact()).isEqualTo(Impact.UNKNOWN);
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P1);
        assertThat(alert.getSeverityHintReason()).isEqualTo("alertmanager label severity=critical");
        assertThat(alert.getLabels()).containsEntry("alertname", "HighErrorRate").containsEntry("instance", "api-7f9c:8080")
                .hasSize(8);
        assertThat(alert.getLinks()).containsExactly(
                new Link("Runbook", "https://runbooks.example.com/inbox#high-error-rate"),
                new Link("Prometheus graph",
                        "http://prometheus.example.com:9090/graph?g0.expr=job%3Aapi_errors%3Arate5m+%3E+0.05&g0.tab=1"),
                new Link("Alertmanager", "http://alertmanager.example.com:9093"));
        // startsAt has 9 fraction digits (Go's RFC 3339 nano); the record keeps milliseconds.
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2025-03-01T10:15:30.123Z"));
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
        assertThat(alert.getReceivedAt()).isEqualTo(RECEIVED_AT);
    }

    @Test
    void keepsUnicodeSummaryAndLowersTheHintOutsideProduction() throws Exception {
        AlertEvent alert = normalizer.normalize(fromPayload(Source.ALERTMANAGER, "group-mixed")).alerts().get(1);

        assertThat(alert.getTitle()).isEqualTo("Zustellung verzögert — 配信遅延 🚨");
        assertThat(alert.getDescription()).isEqualTo("Die Warteschlange wächst seit 10 Minuten. 配信キューが滞留しています。");
        assertThat(alert.getEnvironment()).isEqualTo("staging");
        assertThat(alert.getService()).isEqualTo("delivery-worker");
        assertThat(alert.getComponent()).isEqualTo("webhooks");
        assertThat(alert.getAllTenants()).isTrue();
        assertThat(alert.getTenants()).isEmpty();
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P4);
        assertThat(alert.getSeverityHintReason())
                .isEqualTo("alertmanager label severity=warning; lowered to P4 because environment 'staging' is not production");
        // A firing alert happened when it started, even when Prometheus already set an endsAt.
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2025-03-01T10:16:00.157Z"));
        assertThat(alert.getLinks()).extracting(Link::getLabel).containsExactly("Prometheus graph", "Alertmanager");
    }

    @Test
    void resolvedAlertHappensAtItsEndAndIsTitledByAlertnameAndInstance() throws Exception {
        AlertEvent alert = normalizer.normalize(fromPayload(Source.ALERTMANAGER, "group-mixed")).alerts().get(2);

        assertThat(alert.getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(alert.getTitle()).isEqualTo("DiskFull — node-3:9100");
        assertThat(alert.getDescription()).isNull();
        assertThat(alert.getService()).isEqualTo("node");
        assertThat(alert.getComponent()).isNull();
        assertThat(alert.getEnvironment()).isNull();
        assertThat(alert.getAllTenants()).as("scope=all").isTrue();
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P4);
        assertThat(alert.getSeverityHintReason()).isEqualTo("alertmanager label severity=info");
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2025-03-01T10:20:00Z"));
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
    }

    @Test
    void firingAndResolvedOfOneAlertShareTheDedupKey() throws Exception {
        AlertEvent firing = normalizer.normalize(fromPayload(Source.ALERTMANAGER, "firing")).alerts().get(0);
        AlertEvent resolved = normalizer.normalize(fromPayload(Source.ALERTMANAGER, "resolved")).alerts().get(0);

        assertThat(firing.getDedupKey()).isEqualTo("alertmanager:acme:5f1e9c0d3b2a4e6f").isEqualTo(resolved.getDedupKey());
        assertThat(firing.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(resolved.getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(firing.getOccurredAt()).isEqualTo(Instant.parse("2025-03-01T10:00:00.500Z"));
        assertThat(resolved.getOccurredAt()).isEqualTo(Instant.parse("2025-03-01T10:07:30Z"));
        assertThat(firing.getTitle()).isEqualTo("Probe failed: https://status.example.com");
        assertThat(firing.getService()).isEqualTo("blackbox");
        assertThat(firing.getSeverityHint()).isEqualTo(Severity.P1);
        assertThat(firing.getSeverityHintReason()).isEqualTo("alertmanager label severity=page");
        assertThat(firing.getEventId()).isNotEqualTo(resolved.getEventId());
    }

    @Test
    void twoAccountsNeverCollide() throws Exception {
        byte[] body = Deliveries.payload(Source.ALERTMANAGER, "firing");
        AlertEvent acme = normalizer.normalize(Deliveries.delivery(Source.ALERTMANAGER, "acme", body, Map.of(), RECEIVED_AT))
                .alerts().get(0);
        AlertEvent globex = normalizer.normalize(Deliveries.delivery(Source.ALERTMANAGER, "globex", body, Map.of(), RECEIVED_AT))
                .alerts().get(0);

        assertThat(acme.getDedupKey()).isEqualTo("alertmanager:acme:5f1e9c0d3b2a4e6f");
        assertThat(globex.getDedupKey()).isEqualTo("alertmanager:globex:5f1e9c0d3b2a4e6f");
        assertThat(acme.getEventId()).isNotEqualTo(globex.getEventId());
    }

    @Test
    void aRetriedDeliveryGivesTheSameEventIds() throws Exception {
        byte[] body = Deliveries.payload(Source.ALERTMANAGER, "group-mixed");
        List<AlertEvent> first = normalizer.normalize(
                Deliveries.delivery(Source.ALERTMANAGER, "acme", body, Map.of(), RECEIVED_AT)).alerts();
        List<AlertEvent> retry = normalizer.normalize(new WebhookDelivery("raw-other", Source.ALERTMANAGER, "acme",
                Map.of(), body, RECEIVED_AT.plusSeconds(30))).alerts();

        assertThat(retry).extracting(AlertEvent::getEventId)
                .containsExactlyElementsOf(first.stream().map(AlertEvent::getEventId).toList());
    }

    @Test
    void unsetEndsAtOfAResolvedAlertFallsBackToTheReceiptTimeAndStaysStableOnRetry() throws Exception {
        String body = group("""
                {"status": "resolved", "labels": {"alertname": "Flapping"}, "startsAt": "2025-03-01T09:00:00Z",
                 "endsAt": "0001-01-01T00:00:00Z", "fingerprint": "00000000000000ff"}""");
        AlertEvent alert = normalizer.normalize(fromJson(Source.ALERTMANAGER, body)).alerts().get(0);
        AlertEvent retried = normalizer.normalize(Deliveries.delivery(Source.ALERTMANAGER, "acme",
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of(), RECEIVED_AT.plusSeconds(60))).alerts().get(0);

        assertThat(alert.getOccurredAt()).isEqualTo(RECEIVED_AT);
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.RECEIPT);
        assertThat(retried.getEventId()).isEqualTo(alert.getEventId());
    }

    @Test
    void withoutAFingerprintTheKeyIsDerivedFromTheSortedLabels() throws Exception {
        AlertEvent firing = normalizer.normalize(fromJson(Source.ALERTMANAGER, group("""
                {"status": "firing", "labels": {"alertname": "QueueFull", "queue": "mail", "job": "worker"},
                 "startsAt": "2025-03-01T09:00:00Z"}"""))).alerts().get(0);
        AlertEvent resolved = normalizer.normalize(fromJson(Source.ALERTMANAGER, group("""
                {"status": "resolved", "labels": {"job": "worker", "queue": "mail", "alertname": "QueueFull"},
                 "startsAt": "2025-03-01T09:00:00Z", "endsAt": "2025-03-01T09:30:00Z", "fingerprint": null}"""))).alerts().get(0);
        AlertEvent otherQueue = normalizer.normalize(fromJson(Source.ALERTMANAGER, group("""
                {"status": "firing", "labels": {"alertname": "QueueFull", "queue": "sms", "job": "worker"},
                 "startsAt": "2025-03-01T09:00:00Z"}"""))).alerts().get(0);

        assertThat(firing.getDedupKey()).matches("alertmanager:acme:labels:[0-9a-f]{16}").isEqualTo(resolved.getDedupKey());
        assertThat(otherQueue.getDedupKey()).isNotEqualTo(firing.getDedupKey());
    }

    @Test
    void aGroupWithoutAlertsIsIgnored() throws Exception {
        Normalized normalized = normalizer.normalize(fromPayload(Source.ALERTMANAGER, "empty-alerts"));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.eventType()).isEqualTo("resolved");
        assertThat(normalized.ignoredReason()).isEqualTo("no alerts");
    }

    @Test
    void anAlertWithoutStatusIsMalformedAtItsPath() {
        assertThatThrownBy(() -> normalizer.normalize(fromPayload(Source.ALERTMANAGER, "missing-status")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage("$.alerts[2].status: missing");
    }

    @Test
    void namesWhatIsMissingOrWrong() {
        assertMalformed("{\"version\": \"4\", \"status\": \"firing\"}", "$.alerts: missing");
        assertMalformed("{\"version\": \"4\", \"alerts\": {\"status\": \"firing\"}}", "$.alerts: expected an array, got object");
        assertMalformed(group("{\"status\": \"firing\", \"startsAt\": \"2025-03-01T09:00:00Z\"}"), "$.alerts[0].labels: missing");
        assertMalformed(group("{\"status\": \"firing\", \"labels\": [\"a\"]}"), "$.alerts[0].labels: expected an object, got array");
        assertMalformed(group("{\"status\": \"pending\", \"labels\": {\"alertname\": \"A\"}}"),
                "$.alerts[0].status: expected firing or resolved, got 'pending'");
        assertMalformed(group("{\"status\": \"firing\", \"labels\": {\"alertname\": \"A\"}, \"startsAt\": \"yesterday\"}"),
                "$.alerts[0].startsAt: not an ISO-8601 timestamp: 'yesterday'");
        assertMalformed("[]", "$: expected a JSON object, got array");
    }

    @Test
    void parsesAnotherPayloadVersionWhenTheShapeFits() throws Exception {
        String body = """
                {"version": "5", "status": "firing", "alerts": [{"status": "FIRING", "labels": {"alertname": "A"},
                 "startsAt": "2025-03-01T09:00:00+00:00", "fingerprint": 42, "someNewField": {"x": 1}}]}""";
        AlertEvent alert = normalizer.normalize(fromJson(Source.ALERTMANAGER, body)).alerts().get(0);

        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo("alertmanager:acme:42");
        assertThat(alert.getTitle()).isEqualTo("A");
        assertThat(alert.getSeverityHint()).isNull();
        assertThat(alert.getLinks()).isEmpty();
    }

    @ParameterizedTest(name = "severity={0} -> {1}")
    @CsvSource({
            "critical, P1", "page, P1", "CRITICAL, P1",
            "error, P2", "high, P2", "major, P2",
            "warning, P3", "minor, P3",
            "info, P4", "low, P4", "none, P4",
            "urgent, ''", "'', ''"})
    void mapsTheSeverityLabelToAHint(String label, String expected) throws Exception {
        AlertEvent alert = normalizer.normalize(fromJson(Source.ALERTMANAGER, group(
                "{\"status\": \"firing\", \"labels\": {\"alertname\": \"A\", \"severity\": \"" + label + "\"}}")))
                .alerts().get(0);

        if (expected.isEmpty()) {
            assertThat(alert.getSeverityHint()).isNull();
            assertThat(alert.getSeverityHintReason()).isNull();
        } else {
            assertThat(alert.getSeverityHint()).isEqualTo(Severity.valueOf(expected));
            assertThat(alert.getSeverityHintReason()).isEqualTo("alertmanager label severity=" + label);
        }
    }

    @Test
    void rejectsMissingSettings() {
        assertThatThrownBy(() -> new AlertmanagerNormalizer(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("settings");
    }

    private void assertMalformed(String body, String message) {
        assertThatThrownBy(() -> normalizer.normalize(fromJson(Source.ALERTMANAGER, body)))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage(message);
    }

    private static String group(String alert) {
        return "{\"version\": \"4\", \"status\": \"firing\", \"receiver\": \"r\", \"alerts\": [" + alert
                + "], \"externalURL\": \"\"}";
    }
}
