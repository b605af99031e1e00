package io.agentix.incident.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimeSource;

class BetterStackNormalizerTest {

    private static final String ACCOUNT = "acme";
    private static final String INCIDENT_KEY = "betterstack:acme:incident:734219";

    private final BetterStackNormalizer normalizer = new BetterStackNormalizer(NormalizationSettings.defaults());

    @Test
    void startedWithStatus503IsAnOutageForEveryTenant() throws Exception {
        Normalized normalized = normalizer.normalize(delivery("incident-started-status-503"));

        assertThat(normalized.eventType()).isEqualTo("incident.started");
        assertThat(normalized.deployments()).isEmpty();
        AlertEvent alert = only(normalized);
        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getSource()).isEqualTo("betterstack");
        assertThat(alert.getSourceAccount()).isEqualTo(ACCOUNT);
        assertThat(alert.getDedupKey()).isEqualTo(INCIDENT_KEY);
        assertThat(alert.getTitle()).isEqualTo("Zahlungs-API Köln — Status 503");
        assertThat(alert.getService()).isEqualTo("Zahlungs-API Köln");
        assertThat(alert.getEnvironment()).isNull();
        assertThat(alert.getComponent()).isNull();
        assertThat(alert.getTenants()).isEmpty();
        assertThat(alert.getAllTenants()).isTrue();
        assertThat(alert.getImpact()).isEqualTo(Impact.OUTAGE);
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P1);
        assertThat(alert.getSeverityHintReason())
                .isEqualTo("betterstack uptime check down (cause 'Status 503'): the service is unreachable for every user");
        assertThat(alert.getDescription())
                .startsWith("Cause: Status 503\nChecked: GET https://api.example.de/health\n")
                .contains("Response: <html><head><title>503 Service Temporarily Unavailable");
        assertThat(alert.getLinks()).containsExactly(
                new Link("Checked URL", "https://api.example.de/health"),
                new Link("BetterStack screenshot", "https://uptime.betterstack.com/screenshots/734219.png"));
        assertThat(alert.getLabels())
                .containsEntry("monitorId", "2095541")
                .containsEntry("url", "https://api.example.de/health")
                .containsEntry("cause", "Status 503")
                .containsEntry("regions", "us,eu,as,au")
                .containsEntry("team", "Plattform")
                .doesNotContainKey("heartbeatId");
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2026-03-02T08:51:28.151Z"));
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
        assertThat(alert.getReceivedAt()).isEqualTo(Deliveries.RECEIVED_AT);
        assertThat(alert.getEventId()).startsWith("betterstack-");
    }

    @Test
    void timeoutIsAnOutageAndNumericIdsAreReadAsStrings() throws Exception {
        AlertEvent alert = only(normalizer.normalize(delivery("incident-started-timeout")));

        assertThat(alert.getDedupKey()).isEqualTo("betterstack:acme:incident:734220");
        assertThat(alert.getLabels()).containsEntry("monitorId", "2095542");
        assertThat(alert.getImpact()).isEqualTo(Impact.OUTAGE);
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P1);
        assertThat(alert.getSeverityHintReason()).contains("'Timeout (no headers received)'");
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2026-03-02T10:02:11Z"));
    }

    @Test
    void keywordNotFoundIsDegradedForEveryTenantAndMetadataNamesComponentAndTenant() throws Exception {
        AlertEvent alert = only(normalizer.normalize(delivery("incident-started-keyword")));

        assertThat(alert.getTitle()).isEqualTo("決済API 東京 🚀 — Keyword \"ok\" not found");
        assertThat(alert.getImpact()).isEqualTo(Impact.DEGRADED);
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P2);
        assertThat(alert.getSeverityHintReason()).isEqualTo("betterstack uptime check degraded (cause 'Keyword \"ok\" not found')"
                + ": the service answers but slowly or wrongly, for every user");
        assertThat(alert.getAllTenants()).isTrue();
        assertThat(alert.getComponent()).isEqualTo("inbox");
        assertThat(alert.getTenants()).containsExactly("acme");
        assertThat(alert.getDescription()).contains("Cause: Keyword \"ok\" not found", "Response: {\"status\":\"maintenance\"}");
    }

    @Test
    void slowResponseAndLatencyCausesAreDegraded() throws Exception {
        for (String cause : List.of("Response time degraded", "Slow response (2400 ms)", "Latency above 2 s")) {
            AlertEvent alert = only(normalizer.normalize(incident("started", "1", "\"cause\": \"" + cause + "\"")));
            assertThat(alert.getImpact()).as(cause).isEqualTo(Impact.DEGRADED);
            assertThat(alert.getSeverityHint()).as(cause).isEqualTo(Severity.P2);
        }
    }

    @Test
    void connectionAndSslFailuresAreOutages() throws Exception {
        for (String cause : List.of("Connection refused", "SSL certificate expired", "Error 500", "DNS resolution failed")) {
            AlertEvent alert = only(normalizer.normalize(incident("started", "1", "\"cause\": \"" + cause + "\"")));
            assertThat(alert.getImpact()).as(cause).isEqualTo(Impact.OUTAGE);
            assertThat(alert.getSeverityHint()).as(cause).isEqualTo(Severity.P1);
        }
    }

    @Test
    void anUnrecognisedOrMissingCauseIsAssumedDownWithUnknownImpact() throws Exception {
        AlertEvent odd = only(normalizer.normalize(incident("started", "1", "\"cause\": \"Something odd\"")));
        assertThat(odd.getImpact()).isEqualTo(Impact.UNKNOWN);
        assertThat(odd.getSeverityHint()).isEqualTo(Severity.P1);
        assertThat(odd.getSeverityHintReason()).contains("'Something odd', not recognised", "one level up");
        assertThat(odd.getAllTenants()).isTrue();

        AlertEvent absent = only(normalizer.normalize(incident("started", "1", "\"url\": null")));
        assertThat(absent.getTitle()).isEqualTo("Probe");
        assertThat(absent.getDescription()).isNull();
        assertThat(absent.getLinks()).isEmpty();
        assertThat(absent.getSeverityHintReason()).contains("no cause given");
    }

    @Test
    void acknowledgedAndResolvedShareTheKeyAndCarryTheirOwnTimes() throws Exception {
        AlertEvent started = only(normalizer.normalize(delivery("incident-started-status-503")));
        AlertEvent acknowledged = only(normalizer.normalize(delivery("incident-acknowledged")));
        AlertEvent resolved = only(normalizer.normalize(delivery("incident-resolved")));

        assertThat(acknowledged.getKind()).isEqualTo(AlertKind.ACKNOWLEDGED);
        assertThat(resolved.getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(List.of(started.getDedupKey(), acknowledged.getDedupKey(), resolved.getDedupKey()))
                .containsOnly(INCIDENT_KEY);
        assertThat(acknowledged.getOccurredAt()).isEqualTo(Instant.parse("2026-03-02T08:55:02Z"));
        // Avro timestamp-millis keeps milliseconds of the six-digit fraction.
        assertThat(resolved.getOccurredAt()).isEqualTo(Instant.parse("2026-03-02T09:10:45.123Z"));
        assertThat(resolved.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
        assertThat(List.of(started.getEventId(), acknowledged.getEventId(), resolved.getEventId())).doesNotHaveDuplicates();
    }

    @Test
    void anAcknowledgeWithoutAcknowledgedAtFallsBackToTheReceiptTime() throws Exception {
        AlertEvent alert = only(normalizer.normalize(incident("acknowledged", "1", "\"acknowledged_at\": null")));

        assertThat(alert.getOccurredAt()).isEqualTo(Deliveries.RECEIVED_AT);
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.RECEIPT);
    }

    @Test
    void reopenedTriggersAgainUnderTheSameKeyAtTheReceiptTime() throws Exception {
        Normalized normalized = normalizer.normalize(delivery("incident-reopened"));
        AlertEvent reopened = only(normalized);
        AlertEvent started = only(normalizer.normalize(delivery("incident-started-status-503")));

        assertThat(normalized.eventType()).isEqualTo("incident.reopened");
        assertThat(reopened.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(reopened.getDedupKey()).isEqualTo(INCIDENT_KEY);
        assertThat(reopened.getOccurredAt()).isEqualTo(Deliveries.RECEIVED_AT);
        assertThat(reopened.getOccurredAtSource()).isEqualTo(TimeSource.RECEIPT);
        assertThat(reopened.getEventId()).isNotEqualTo(started.getEventId());
    }

    @Test
    void aRetriedReopenKeepsItsEventIdAlthoughItArrivesLater() throws Exception {
        byte[] body = Deliveries.text(Source.BETTERSTACK, "incident-reopened").getBytes(StandardCharsets.UTF_8);
        AlertEvent first = only(normalizer.normalize(Deliveries.of(Source.BETTERSTACK, ACCOUNT, body, Deliveries.RECEIVED_AT)));
        AlertEvent retry = only(normalizer.normalize(
                Deliveries.of(Source.BETTERSTACK, ACCOUNT, body, Deliveries.RECEIVED_AT.plusSeconds(30))));

        assertThat(retry.getEventId()).isEqualTo(first.getEventId());
    }

    @Test
    void heartbeatIncidentIsAnOutageKeyedByTheIncidentWithTheHeartbeatId() throws Exception {
        AlertEvent alert = only(normalizer.normalize(delivery("incident-heartbeat")));

        assertThat(alert.getDedupKey()).isEqualTo("betterstack:acme:incident:734222");
        assertThat(alert.getTitle()).isEqualTo("Nightly invoice export — Missed heartbeat");
        assertThat(alert.getService()).isEqualTo("Nightly invoice export");
        assertThat(alert.getLabels()).containsEntry("heartbeatId", "118734").doesNotContainKeys("monitorId", "url");
        assertThat(alert.getLinks()).isEmpty();
        assertThat(alert.getImpact()).isEqualTo(Impact.OUTAGE);
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P1);
        assertThat(alert.getAllTenants()).isTrue();
    }

    @Test
    void commentIsIgnored() throws Exception {
        Normalized normalized = normalizer.normalize(delivery("incident-comment"));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.eventType()).isEqualTo("incident.comment");
        assertThat(normalized.ignoredReason()).isEqualTo("incident event 'comment' is not a trigger, acknowledge or resolve");
    }

    @Test
    void unknownIncidentEventsAreIgnoredWithoutRequiringTheirFields() throws Exception {
        Normalized normalized = normalizer.normalize(Deliveries.of(Source.BETTERSTACK, ACCOUNT,
                "{\"event\": \"escalated\", \"data\": {\"type\": \"incident\"}}"));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.ignoredReason()).contains("'escalated'");
    }

    @Test
    void monitorPausedIsIgnoredAsAMaintenanceHint() throws Exception {
        Normalized normalized = normalizer.normalize(delivery("monitor-paused"));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.eventType()).isEqualTo("monitor.paused");
        assertThat(normalized.ignoredReason())
                .isEqualTo("monitor paused: a maintenance hint, not an up/down signal (kept in webhooks.raw)");
    }

    @Test
    void monitorUpdatedIsIgnoredAsAConfigurationChange() throws Exception {
        Normalized normalized = normalizer.normalize(delivery("monitor-updated"));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.ignoredReason())
                .isEqualTo("monitor updated: a configuration change, not an up/down signal (kept in webhooks.raw)");
    }

    @Test
    void otherWebhookTypesAreIgnored() throws Exception {
        Normalized normalized = normalizer.normalize(Deliveries.of(Source.BETTERSTACK, ACCOUNT,
                "{\"event\": \"started\", \"data\": {\"id\": \"9\", \"type\": \"on_call_calendar\"}}"));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.ignoredReason()).isEqualTo("not an incident or monitor webhook (data.type 'on_call_calendar')");
    }

    @Test
    void differentAccountsNeverShareAKeyOrAnEventId() throws Exception {
        AlertEvent acme = only(normalizer.normalize(delivery("incident-started-status-503")));
        AlertEvent globex = only(normalizer.normalize(
                Deliveries.fromFile(Source.BETTERSTACK, "globex", "incident-started-status-503")));
        AlertEvent noAccount = only(normalizer.normalize(
                Deliveries.fromFile(Source.BETTERSTACK, null, "incident-started-status-503")));

        assertThat(globex.getDedupKey()).isEqualTo("betterstack:globex:incident:734219").isNotEqualTo(acme.getDedupKey());
        assertThat(noAccount.getDedupKey()).isEqualTo("betterstack:-:incident:734219");
        assertThat(globex.getEventId()).isNotEqualTo(acme.getEventId());
    }

    @Test
    void aRetriedDeliveryGetsTheSameEventId() throws Exception {
        byte[] body = Deliveries.text(Source.BETTERSTACK, "incident-started-status-503").getBytes(StandardCharsets.UTF_8);
        AlertEvent first = only(normalizer.normalize(Deliveries.of(Source.BETTERSTACK, ACCOUNT, body, Deliveries.RECEIVED_AT)));
        AlertEvent retry = only(normalizer.normalize(
                Deliveries.of(Source.BETTERSTACK, ACCOUNT, body, Deliveries.RECEIVED_AT.plusSeconds(120))));

        assertThat(retry.getEventId()).isEqualTo(first.getEventId());
    }

    @Test
    void aNonProductionEnvironmentInTheMetadataLowersTheHint() throws Exception {
        AlertEvent alert = only(normalizer.normalize(incident("started", "1",
                "\"cause\": \"Status 502\", \"metadata\": {\"env\": [\"staging\"], \"tenants\": \"acme, globex\"}")));

        assertThat(alert.getEnvironment()).isEqualTo("staging");
        assertThat(alert.getTenants()).containsExactly("acme", "globex");
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P2);
        assertThat(alert.getAllTenants()).isFalse();
        assertThat(alert.getSeverityHintReason()).endsWith("; lowered to P2 because environment 'staging' is not production");
    }

    @Test
    void aLongFailingResponseIsCutInTheDescription() throws Exception {
        String page = "<p>" + "ü".repeat(5000) + "</p>";
        AlertEvent alert = only(normalizer.normalize(incident("started", "1",
                "\"cause\": \"Status 500\", \"response_content\": \"" + page + "\"")));

        assertThat(alert.getDescription()).startsWith("Cause: Status 500\n").endsWith("…");
        assertThat(alert.getDescription().length()).isLessThan(BetterStackNormalizer.MAX_RESPONSE_EXCERPT + 100);
    }

    @Test
    void rejectsBodiesWithoutWhatTheFormatGuarantees() {
        assertMalformed("{\"data\": {\"id\": \"1\"}}", "$.event: missing");
        assertMalformed("{\"event\": null}", "$.event: missing");
        assertMalformed("{\"event\": \"started\", \"data\": {\"type\": \"incident\", \"attributes\": {\"name\": \"API\"}}}",
                "$.data.id: missing");
        assertMalformed("{\"event\": \"resolved\", \"data\": {\"id\": \"1\", \"attributes\": {\"name\": null}}}",
                "$.data.attributes.name: missing");
        assertMalformed("{\"event\": \"started\", \"data\": {\"id\": \"1\"}}", "$.data.attributes.name: missing");
        assertMalformed("{\"event\": \"started\", \"data\": {\"id\": {\"n\": 1}, \"attributes\": {\"name\": \"API\"}}}",
                "$.data.id: expected a string, got object");
        assertMalformed("{\"event\": \"started\", \"data\": {\"id\": \"1\", \"attributes\": {\"name\": \"API\", \"started_at\": \"yesterday\"}}}",
                "$.data.attributes.started_at: not an ISO-8601 timestamp: 'yesterday'");
        assertMalformed("[]", "$: expected a JSON object, got array");
    }

    @Test
    void requiresSettings() {
        assertThatThrownBy(() -> new BetterStackNormalizer(null))
                .isInstanceOf(NullPointerException.class).hasMessage("settings");
        assertThat(normalizer.source()).isEqualTo(Source.BETTERSTACK);
    }

    private void assertMalformed(String body, String message) {
        assertThatThrownBy(() -> normalizer.normalize(Deliveries.of(Source.BETTERSTACK, ACCOUNT, body)))
                .as(body)
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage(message);
    }

    private static WebhookDelivery delivery(String name) {
        return Deliveries.fromFile(Source.BETTERSTACK, ACCOUNT, name);
    }

    /** A minimal incident body named "Probe" with the given extra attributes. */
    private static WebhookDelivery incident(String event, String id, String attributes) {
        return Deliveries.of(Source.BETTERSTACK, ACCOUNT, "{\"event\": \"" + event + "\", \"data\": {\"id\": \"" + id
                + "\", \"type\": \"incident\", \"attributes\": {\"name\": \"Probe\", " + attributes
                + "}, \"relationships\": {\"monitor\": {\"data\": {\"id\": \"77\", \"type\": \"monitor\"}}}}}");
    }

    private static AlertEvent only(Normalized normalized) {
        assertThat(normalized.alerts()).hasSize(1);
        return normalized.alerts().get(0);
    }
}
