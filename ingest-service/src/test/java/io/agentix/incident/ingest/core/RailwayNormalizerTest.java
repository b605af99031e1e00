package io.agentix.incident.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimeSource;

class RailwayNormalizerTest {

    private static final String ACCOUNT = "acme";
    private static final String PROJECT = "7d3f5a2b-91c4-4e8a-b0d6-2c9e8f1a4b37";
    private static final String PRODUCTION = "4a1e9b6c-58d2-4f7e-a3c0-9e5b2d8f1c64";
    private static final String SERVICE = "e2c84f19-6b3a-4d7e-8f25-1a9c0b7d3e58";
    private static final String DEPLOY_KEY = "railway:acme:deploy:" + PROJECT + ":" + PRODUCTION + ":" + SERVICE;

    private final RailwayNormalizer normalizer = new RailwayNormalizer(NormalizationSettings.defaults());

    @Test
    void failedDeployIsP2AndTheTypeWinsOverAContradictingDetailsStatus() throws Exception {
        Normalized normalized = normalizer.normalize(delivery("deployment-failed"));

        assertThat(normalized.eventType()).isEqualTo("Deployment.failed");
        assertThat(normalized.deployments()).as("details.status SUCCESS on main must not count as a deploy").isEmpty();
        AlertEvent alert = only(normalized);
        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getSource()).isEqualTo("railway");
        assertThat(alert.getDedupKey()).isEqualTo(DEPLOY_KEY);
        assertThat(alert.getTitle()).isEqualTo("api-gateway (production) — deployment failed");
        assertThat(alert.getService()).isEqualTo("api-gateway");
        assertThat(alert.getProject()).isEqualTo("Rechnungs-Dienst 🧾");
        assertThat(alert.getEnvironment()).isEqualTo("production");
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P2);
        assertThat(alert.getSeverityHintReason()).isEqualTo("railway Deployment.failed in environment 'production': "
                + "the new deployment did not go live; the previous deployment usually keeps serving");
        assertThat(alert.getImpact()).isEqualTo(Impact.UNKNOWN);
        assertThat(alert.getAllTenants()).isFalse();
        assertThat(alert.getDescription())
                .contains("details.status SUCCESS disagrees with the type Deployment.failed; the type is used")
                .contains("Commit 0f3c9a1e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39 on main by jmueller: Rechnungen: Zeitzone beim Export korrigieren")
                .contains("Railway severity: WARNING");
        assertThat(alert.getLabels())
                .containsEntry("railwaySeverity", "WARNING")
                .containsEntry("deploymentId", "5c1f2e3d-4b5a-4c6d-9e8f-0a1b2c3d4e5f")
                .containsEntry("serviceId", SERVICE)
                .containsEntry("workspace", "Agentix GmbH")
                .containsEntry("detailsStatus", "SUCCESS");
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2026-03-02T13:48:42.311Z"));
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.PAYLOAD);
    }

    @Test
    void crashInProductionIsAP1Outage() throws Exception {
        AlertEvent alert = only(normalizer.normalize(delivery("deployment-crashed")));

        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo(DEPLOY_KEY);
        assertThat(alert.getTitle()).isEqualTo("api-gateway (production) — deployment crashed");
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P1);
        assertThat(alert.getSeverityHintReason()).startsWith("railway Deployment.crashed in environment 'production': "
                + "the active deployment stopped, so the service is down");
        assertThat(alert.getImpact()).isEqualTo(Impact.OUTAGE);
        assertThat(alert.getDescription()).doesNotContain("disagrees");
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2026-03-02T14:02:10.500Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"deployment-oom-killed-snake-case", "deployment-oom-killed-camel-case", "deployment-oom-killed-pascal-case"})
    void oomKilledIsACrashInEveryCasing(String payload) throws Exception {
        AlertEvent alert = only(normalizer.normalize(delivery(payload)));

        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo(DEPLOY_KEY);
        assertThat(alert.getTitle()).isEqualTo("api-gateway (production) — deployment killed: out of memory");
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P1);
        assertThat(alert.getImpact()).isEqualTo(Impact.OUTAGE);
        assertThat(alert.getLabels()).containsEntry("railwaySeverity", "CRITICAL");
    }

    @Test
    void deployOnMainResolvesTheCrashAndRecordsWhoDeployedWhat() throws Exception {
        Normalized normalized = normalizer.normalize(delivery("deployment-deployed-main"));

        AlertEvent alert = only(normalized);
        assertThat(alert.getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(alert.getDedupKey()).isEqualTo(only(normalizer.normalize(delivery("deployment-crashed"))).getDedupKey());
        assertThat(alert.getTitle()).isEqualTo("api-gateway (production) — deployed");
        assertThat(alert.getSeverityHint()).isNull();
        assertThat(alert.getSeverityHintReason()).isNull();

        assertThat(normalized.deployments()).hasSize(1);
        DeploymentEvent deploy = normalized.deployments().get(0);
        assertThat(deploy.getEventId()).startsWith("railway-deploy-");
        assertThat(deploy.getRawId()).isEqualTo(alert.getRawId());
        assertThat(deploy.getSource()).isEqualTo("railway");
        assertThat(deploy.getSourceAccount()).isEqualTo(ACCOUNT);
        assertThat(deploy.getService()).isEqualTo("api-gateway");
        assertThat(deploy.getEnvironment()).isEqualTo("production");
        assertThat(deploy.getBranch()).isEqualTo("main");
        assertThat(deploy.getMainBranch()).isTrue();
        assertThat(deploy.getCommitSha()).isEqualTo("c0ffee1e8b7d6c5f4e3d2c1b0a9f8e7d6c5b4a39");
        assertThat(deploy.getCommitMessage()).isEqualTo("Revert \"Add invoice PDF cache\" 🙈");
        assertThat(deploy.getAuthor()).isEqualTo("Jürgen Müller");
        assertThat(deploy.getStatus()).isEqualTo("SUCCESS");
        assertThat(deploy.getDeployedAt()).isEqualTo(Instant.parse("2026-03-02T14:20:05.123Z"));
        assertThat(deploy.getReceivedAt()).isEqualTo(Deliveries.RECEIVED_AT);
    }

    @Test
    void deployOfAFeatureBranchResolvesButIsNoDeployFact() throws Exception {
        Normalized normalized = normalizer.normalize(delivery("deployment-deployed-feature-branch"));

        assertThat(only(normalized).getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(normalized.deployments()).isEmpty();
    }

    @Test
    void redeployAndResumeResolveTheSameKey() throws Exception {
        String deployed = Deliveries.text(Source.RAILWAY, "deployment-deployed-main");
        Normalized redeployed = normalizer.normalize(body(deployed.replace("Deployment.deployed", "Deployment.redeployed")));
        Normalized resumed = normalizer.normalize(body(deployed.replace("Deployment.deployed", "Deployment.resumed")));

        assertThat(only(redeployed).getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(only(redeployed).getDedupKey()).isEqualTo(DEPLOY_KEY);
        assertThat(redeployed.deployments()).hasSize(1);
        assertThat(only(resumed).getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(only(resumed).getDedupKey()).isEqualTo(DEPLOY_KEY);
        assertThat(resumed.deployments()).as("a resume runs an old deployment, nobody deployed anything").isEmpty();
    }

    @Test
    void aDeployWithoutCommitFactsResolvesWithoutADeployFact() throws Exception {
        Normalized normalized = normalizer.normalize(body("""
                {"type": "Deployment.deployed",
                 "details": {"id": "3a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d", "source": "CLI", "status": "SUCCESS",
                             "branch": null, "commitHash": null, "commitAuthor": null, "commitMessage": null},
                 "resource": {"project": {"id": "%s"}, "environment": {"id": "%s"}, "service": {"id": "%s"}},
                 "timestamp": "2026-03-02T14:20:05Z"}
                """.formatted(PROJECT, PRODUCTION, SERVICE)));

        AlertEvent alert = only(normalized);
        assertThat(alert.getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(alert.getDedupKey()).isEqualTo(DEPLOY_KEY);
        assertThat(alert.getService()).as("the id stands in for a missing name").isEqualTo(SERVICE);
        assertThat(alert.getEnvironment()).isNull();
        assertThat(alert.getDescription()).doesNotContain("Commit");
        assertThat(normalized.deployments()).isEmpty();
    }

    @Test
    void buildingIsIgnoredAsProgress() throws Exception {
        Normalized normalized = normalizer.normalize(delivery("deployment-building"));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.eventType()).isEqualTo("Deployment.building");
        assertThat(normalized.ignoredReason()).isEqualTo("deployment progress, not a problem or a recovery");
    }

    @Test
    void progressLifecycleAndUnknownTypesAreIgnored() throws Exception {
        assertIgnored("Deployment.needs_approval", "deployment progress, not a problem or a recovery");
        assertIgnored("Deployment.NeedsApproval", "deployment progress, not a problem or a recovery");
        assertIgnored("Deployment.slept", "deployment lifecycle change, not a problem or a recovery");
        assertIgnored("Deployment.restarted", "deployment lifecycle change, not a problem or a recovery");
        assertIgnored("Deployment.teleported", "unknown deployment event 'teleported'");
        assertIgnored("VolumeAlert.snoozed", "unknown volumealert event 'snoozed'");
        assertIgnored("Alert.triggered", "unknown Railway event resource 'alert'");

        Normalized notRailway = normalizer.normalize(body("{\"type\": \"PING\"}"));
        assertThat(notRailway.isIgnored()).isTrue();
        assertThat(notRailway.ignoredReason()).isEqualTo("not a Railway deployment, volume or monitor event");
    }

    @Test
    void volumeAlertWithoutServiceIsP3KeyedByProjectAndEnvironment() throws Exception {
        Normalized normalized = normalizer.normalize(delivery("volume-alert-triggered"));

        AlertEvent alert = only(normalized);
        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo("railway:acme:volume:" + PROJECT + ":" + PRODUCTION);
        assertThat(alert.getTitle()).isEqualTo("Rechnungs-Dienst 🧾 (production) — volume alert");
        assertThat(alert.getService()).isNull();
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P3);
        assertThat(alert.getSeverityHintReason()).contains("volume");
        assertThat(alert.getLabels()).containsEntry("railwaySeverity", "INFO").doesNotContainKey("serviceId");
        assertThat(normalized.deployments()).isEmpty();

        String resolvedBody = Deliveries.text(Source.RAILWAY, "volume-alert-triggered")
                .replace("VolumeAlert.triggered", "VolumeAlert.resolved")
                .replace("\"name\": \"production\"}", "\"name\": \"production\"}, \"service\": null");
        AlertEvent resolved = only(normalizer.normalize(body(resolvedBody)));
        assertThat(resolved.getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(resolved.getDedupKey()).isEqualTo(alert.getDedupKey());
    }

    @Test
    void monitorAlertIsP3KeyedByServiceAndMetric() throws Exception {
        AlertEvent alert = only(normalizer.normalize(delivery("monitor-triggered")));

        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo("railway:acme:monitor:" + PROJECT + ":" + PRODUCTION + ":" + SERVICE + ":cpu");
        assertThat(alert.getTitle()).isEqualTo("Rechnungs-Dienst 🧾/api-gateway (production) — monitor alert");
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P3);
        assertThat(alert.getDescription()).contains("Monitor: metric CPU, value 93.5, threshold 80, unit %");

        String resolvedBody = Deliveries.text(Source.RAILWAY, "monitor-triggered").replace("Monitor.triggered", "Monitor.resolved");
        AlertEvent resolved = only(normalizer.normalize(body(resolvedBody)));
        assertThat(resolved.getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(resolved.getDedupKey()).isEqualTo(alert.getDedupKey());
    }

    @Test
    void crashInAnEphemeralPrEnvironmentIsP4WithoutUserImpact() throws Exception {
        AlertEvent alert = only(normalizer.normalize(delivery("deployment-crashed-pr-environment")));

        assertThat(alert.getDedupKey()).isEqualTo("railway:acme:deploy:" + PROJECT + ":9c7a2e1d-3b4f-4a6c-8d5e-0f1b2c3d4e5f:" + SERVICE);
        assertThat(alert.getEnvironment()).isEqualTo("rechnungs-dienst-pr-42");
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P4);
        assertThat(alert.getImpact()).isEqualTo(Impact.NONE);
        assertThat(alert.getSeverityHintReason()).isEqualTo("railway Deployment.crashed in ephemeral (PR) environment "
                + "'rechnungs-dienst-pr-42': no customer uses it");
        assertThat(alert.getLabels()).containsEntry("ephemeral", "true");
    }

    @Test
    void crashInANamedNonProductionEnvironmentIsOneLevelLower() throws Exception {
        String staging = Deliveries.text(Source.RAILWAY, "deployment-crashed")
                .replace("\"name\": \"production\"", "\"name\": \"staging\"");
        AlertEvent alert = only(normalizer.normalize(body(staging)));

        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P2);
        assertThat(alert.getSeverityHintReason()).endsWith("; lowered to P2 because it is not production");
        assertThat(alert.getImpact()).isEqualTo(Impact.UNKNOWN);
    }

    @Test
    void legacyCrashTriggersUnderTheSameKeyAsTheCurrentFormat() throws Exception {
        Normalized normalized = normalizer.normalize(delivery("legacy-deploy-crashed"));

        assertThat(normalized.eventType()).isEqualTo("DEPLOY.CRASHED");
        AlertEvent alert = only(normalized);
        assertThat(alert.getKind()).isEqualTo(AlertKind.TRIGGERED);
        assertThat(alert.getDedupKey()).isEqualTo(DEPLOY_KEY);
        assertThat(alert.getTitle()).isEqualTo("api-gateway (production) — deployment crashed");
        assertThat(alert.getProject()).isEqualTo("Rechnungs-Dienst 🧾");
        assertThat(alert.getSeverityHint()).isEqualTo(Severity.P1);
        assertThat(alert.getOccurredAt()).isEqualTo(Instant.parse("2025-10-14T07:12:33.902Z"));
        assertThat(alert.getDescription()).contains("Commit 9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b on main by jmueller: Switch PDF renderer");
        assertThat(normalized.deployments()).isEmpty();
    }

    @Test
    void legacySuccessOnMasterResolvesAndRecordsTheDeployWithTheCreatorAsAuthor() throws Exception {
        Normalized normalized = normalizer.normalize(delivery("legacy-deploy-success"));

        AlertEvent alert = only(normalized);
        assertThat(alert.getKind()).isEqualTo(AlertKind.RESOLVED);
        assertThat(alert.getDedupKey()).isEqualTo(DEPLOY_KEY);
        DeploymentEvent deploy = normalized.deployments().get(0);
        assertThat(deploy.getBranch()).isEqualTo("master");
        assertThat(deploy.getMainBranch()).isTrue();
        assertThat(deploy.getAuthor()).as("commitAuthor is null").isEqualTo("Jürgen Müller");
        assertThat(deploy.getCommitSha()).isEqualTo("0b1a2f3e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a");
        assertThat(deploy.getCommitMessage()).isEqualTo("Revert \"Switch PDF renderer\"");
        assertThat(deploy.getStatus()).isEqualTo("SUCCESS");
        assertThat(deploy.getDeployedAt()).isEqualTo(Instant.parse("2025-10-14T07:40:01Z"));
    }

    @Test
    void legacyProgressStatusesAreIgnored() throws Exception {
        String building = Deliveries.text(Source.RAILWAY, "legacy-deploy-crashed").replace("\"CRASHED\"", "\"BUILDING\"");
        Normalized normalized = normalizer.normalize(body(building));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.eventType()).isEqualTo("DEPLOY.BUILDING");
        assertThat(normalized.ignoredReason()).isEqualTo("legacy DEPLOY status BUILDING is progress, not a problem or a recovery");

        Normalized noStatus = normalizer.normalize(body("{\"type\": \"DEPLOY\", \"project\": {\"id\": \"p\"}}"));
        assertThat(noStatus.isIgnored()).isTrue();
        assertThat(noStatus.ignoredReason()).isEqualTo("legacy DEPLOY event without a status");
    }

    @Test
    void differentAccountsNeverShareAKeyOrAnEventId() throws Exception {
        AlertEvent acme = only(normalizer.normalize(delivery("deployment-crashed")));
        AlertEvent globex = only(normalizer.normalize(Deliveries.fromFile(Source.RAILWAY, "globex", "deployment-crashed")));
        DeploymentEvent acmeDeploy = normalizer.normalize(delivery("deployment-deployed-main")).deployments().get(0);
        DeploymentEvent globexDeploy = normalizer.normalize(
                Deliveries.fromFile(Source.RAILWAY, "globex", "deployment-deployed-main")).deployments().get(0);

        assertThat(globex.getDedupKey()).startsWith("railway:globex:deploy:").isNotEqualTo(acme.getDedupKey());
        assertThat(globex.getEventId()).isNotEqualTo(acme.getEventId());
        assertThat(globexDeploy.getEventId()).isNotEqualTo(acmeDeploy.getEventId());
    }

    @Test
    void aRetriedDeliveryGetsTheSameEventIds() throws Exception {
        byte[] body = Deliveries.text(Source.RAILWAY, "deployment-deployed-main").getBytes(StandardCharsets.UTF_8);
        Normalized first = normalizer.normalize(Deliveries.of(Source.RAILWAY, ACCOUNT, body, Deliveries.RECEIVED_AT));
        Normalized retry = normalizer.normalize(Deliveries.of(Source.RAILWAY, ACCOUNT, body, Deliveries.RECEIVED_AT.plusSeconds(60)));

        assertThat(only(retry).getEventId()).isEqualTo(only(first).getEventId());
        assertThat(retry.deployments().get(0).getEventId()).isEqualTo(first.deployments().get(0).getEventId());
    }

    @Test
    void withoutATimestampTheReceiptTimeIsTheEventTime() throws Exception {
        String noTime = Deliveries.text(Source.RAILWAY, "deployment-crashed").replace("\"2026-03-02T14:02:10.5Z\"", "null");
        AlertEvent alert = only(normalizer.normalize(body(noTime)));

        assertThat(alert.getOccurredAt()).isEqualTo(Deliveries.RECEIVED_AT);
        assertThat(alert.getOccurredAtSource()).isEqualTo(TimeSource.RECEIPT);
    }

    @Test
    void rejectsBodiesWithoutWhatTheFormatGuarantees() {
        assertMalformed("{\"status\": \"CRASHED\"}", "$.type: missing");
        assertMalformed("{\"type\": \"Deployment.crashed\", \"resource\": {\"project\": {\"id\": \"p\"}, \"environment\": {\"id\": \"e\"}}}",
                "$.resource.service.id: missing");
        assertMalformed("{\"type\": \"Deployment.failed\"}", "$.resource.service.id: missing");
        assertMalformed("{\"type\": \"VolumeAlert.triggered\", \"resource\": {\"project\": {\"id\": \"p\"}, \"environment\": null}}",
                "$.resource.environment.id: missing");
        assertMalformed("{\"type\": \"Monitor.triggered\", \"resource\": {\"environment\": {\"id\": \"e\"}}}",
                "$.resource.project.id: missing");
        assertMalformed("{\"type\": \"DEPLOY\", \"status\": \"FAILED\", \"environment\": {\"id\": \"e\"}, \"service\": {\"id\": \"s\"}}",
                "$.project.id: missing");
        assertMalformed("{\"type\": \"VolumeAlert.triggered\", \"resource\": {\"project\": {\"id\": \"p\"}, \"environment\": {\"id\": \"e\"}},"
                + " \"timestamp\": \"last tuesday\"}", "$.timestamp: not an ISO-8601 timestamp: 'last tuesday'");
        assertThatThrownBy(() -> normalizer.normalize(body("not json")))
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessageStartingWith("$: not valid JSON: Unrecognized token 'not'");
    }

    @Test
    void requiresSettings() {
        assertThatThrownBy(() -> new RailwayNormalizer(null))
                .isInstanceOf(NullPointerException.class).hasMessage("settings");
        assertThat(normalizer.source()).isEqualTo(Source.RAILWAY);
    }

    private void assertIgnored(String type, String reason) throws MalformedWebhookException {
        String text = Deliveries.text(Source.RAILWAY, "deployment-building").replace("Deployment.building", type);
        Normalized normalized = normalizer.normalize(body(text));
        assertThat(normalized.isIgnored()).as(type).isTrue();
        assertThat(normalized.eventType()).isEqualTo(type);
        assertThat(normalized.ignoredReason()).as(type).isEqualTo(reason);
    }

    private void assertMalformed(String body, String message) {
        assertThatThrownBy(() -> normalizer.normalize(body(body)))
                .as(body)
                .isInstanceOf(MalformedWebhookException.class)
                .hasMessage(message);
    }

    private static WebhookDelivery delivery(String name) {
        return Deliveries.fromFile(Source.RAILWAY, ACCOUNT, name);
    }

    private static WebhookDelivery body(String json) {
        return Deliveries.of(Source.RAILWAY, ACCOUNT, json);
    }

    private static AlertEvent only(Normalized normalized) {
        assertThat(normalized.alerts()).hasSize(1);
        return normalized.alerts().get(0);
    }
}
