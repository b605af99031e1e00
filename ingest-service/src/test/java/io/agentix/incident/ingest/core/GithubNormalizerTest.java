package io.agentix.incident.ingest.core;

import static io.agentix.incident.ingest.core.Deliveries.RECEIVED_AT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.agentix.incident.events.DeploymentEvent;

class GithubNormalizerTest {

    private final GithubNormalizer normalizer = new GithubNormalizer(NormalizationSettings.defaults());

    @Test
    void aPushToTheDefaultBranchIsADeployFact() throws Exception {
        Normalized normalized = normalizer.normalize(github("push", "push-main"));

        assertThat(normalized.eventType()).isEqualTo("push");
        assertThat(normalized.alerts()).isEmpty();
        assertThat(normalized.deployments()).hasSize(1);
        DeploymentEvent deploy = normalized.deployments().get(0);
        assertThat(deploy.getSource()).isEqualTo("github");
        assertThat(deploy.getSourceAccount()).isEqualTo("acme");
        assertThat(deploy.getRawId()).isEqualTo("raw-github-1");
        assertThat(deploy.getService()).isEqualTo("agentix/inbox");
        assertThat(deploy.getEnvironment()).isNull();
        assertThat(deploy.getBranch()).isEqualTo("main");
        assertThat(deploy.getMainBranch()).isTrue();
        assertThat(deploy.getCommitSha()).isEqualTo("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
        assertThat(deploy.getCommitMessage()).isEqualTo("Zustellung: Umlaute im Betreff korrigieren ✉️");
        assertThat(deploy.getAuthor()).isEqualTo("mweber");
        assertThat(deploy.getAuthorEmail()).isEqualTo("marta.weber@example.com");
        assertThat(deploy.getUrl()).isEqualTo("https://github.com/agentix/inbox/compare/6113728f27ae...0d1a26e67d8f");
        assertThat(deploy.getStatus()).isEqualTo("pushed");
        // head_commit.timestamp carries an offset: 11:01:12+01:00.
        assertThat(deploy.getDeployedAt()).isEqualTo(Instant.parse("2025-03-01T10:01:12Z"));
        assertThat(deploy.getReceivedAt()).isEqualTo(RECEIVED_AT);
        assertThat(deploy.getEventId()).startsWith("github-deploy-");
    }

    @Test
    void aRedeliveredPushGivesTheSameEventId() throws Exception {
        byte[] body = Deliveries.payload(Source.GITHUB, "push-main");
        DeploymentEvent first = normalizer.normalize(Deliveries.delivery(Source.GITHUB, "acme", body,
                Map.of("X-GitHub-Event", "push"), RECEIVED_AT)).deployments().get(0);
        DeploymentEvent redelivered = normalizer.normalize(new WebhookDelivery("raw-2", Source.GITHUB, "acme",
                Map.of("x-github-event", "push"), body, RECEIVED_AT.plusSeconds(600))).deployments().get(0);

        assertThat(redelivered.getEventId()).isEqualTo(first.getEventId());
    }

    @Test
    void aPushToAnotherBranchIsIgnored() throws Exception {
        Normalized normalized = normalizer.normalize(github("push", "push-feature-branch"));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.ignoredReason()).isEqualTo("push to branch feature/retry-backoff, not the default branch main");
    }

    @Test
    void aTagPushIsIgnored() throws Exception {
        Normalized normalized = normalizer.normalize(github("push", "push-tag"));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.ignoredReason()).isEqualTo("tag push v2.14.0");
    }

    @Test
    void aBranchDeletionIsIgnored() throws Exception {
        Normalized normalized = normalizer.normalize(github("push", "push-branch-deletion"));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.ignoredReason()).isEqualTo("deletion of refs/heads/feature/retry-backoff");
    }

    @Test
    void aPingIsIgnored() throws Exception {
        Normalized normalized = normalizer.normalize(github("ping", "ping"));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.eventType()).isEqualTo("ping");
        assertThat(normalized.ignoredReason()).isEqualTo("ping");
    }

    @Test
    void otherEventsAreIgnored() throws Exception {
        Normalized normalized = normalizer.normalize(github("star", "star-created"));

        assertThat(normalized.isIgnored()).isTrue();
        assertThat(normalized.eventType()).isEqualTo("star");
        assertThat(normalized.ignoredReason()).isEqualTo("event 'star' carries no deploy fact");
    }

    @Test
    void withoutADefaultBranchTheConfiguredMainBranchesDecide() throws Exception {
        DeploymentEvent deploy = normalizer.normalize(push("""
                {"ref": "refs/heads/master", "after": "abc123", "repository": {"full_name": "agentix/legacy"},
                 "pusher": {"name": "mweber"}, "head_commit": {"id": "abc123", "message": "Fix",
                 "timestamp": "2025-03-01T10:00:00Z"}}""")).deployments().get(0);
        Normalized develop = normalizer.normalize(push("""
                {"ref": "refs/heads/develop", "after": "abc124", "repository": {"full_name": "agentix/legacy"}}"""));

        assertThat(deploy.getBranch()).isEqualTo("master");
        assertThat(deploy.getMainBranch()).isTrue();
        assertThat(develop.ignoredReason())
                .isEqualTo("push to branch develop, not the default branch (one of [main, master])");
    }

    @Test
    void withoutAHeadCommitTimeThePushTimeInEpochSecondsIsUsed() throws Exception {
        DeploymentEvent deploy = normalizer.normalize(push("""
                {"ref": "refs/heads/main", "after": "9e2d0f", "compare": null, "head_commit": null,
                 "repository": {"full_name": "agentix/inbox", "default_branch": "main", "pushed_at": 1740823300},
                 "sender": {"login": "deploy-bot"}}""")).deployments().get(0);

        assertThat(deploy.getDeployedAt()).isEqualTo(Instant.ofEpochSecond(1740823300));
        assertThat(deploy.getCommitSha()).isEqualTo("9e2d0f");
        assertThat(deploy.getCommitMessage()).isNull();
        assertThat(deploy.getAuthor()).as("sender.login when there is no pusher").isEqualTo("deploy-bot");
        assertThat(deploy.getAuthorEmail()).isNull();
        assertThat(deploy.getUrl()).isNull();
    }

    @Test
    void withoutAnyTimeTheReceiptTimeIsUsed() throws Exception {
        DeploymentEvent deploy = normalizer.normalize(push("""
                {"ref": "refs/heads/main", "repository": {"full_name": "agentix/inbox", "default_branch": "main"},
                 "head_commit": {"id": "77aa", "message": "\\n\\nBody only"}}""")).deployments().get(0);

        assertThat(deploy.getDeployedAt()).isEqualTo(RECEIVED_AT);
        assertThat(deploy.getCommitSha()).as("head_commit.id when after is absent").isEqualTo("77aa");
        assertThat(deploy.getCommitMessage()).as("a blank first line is no message").isNull();
    }

    @Test
    void namesWhatAPushLacks() {
        assertMalformed(push("{\"repository\": {\"full_name\": \"a/b\"}}"), "$.ref: missing");
        assertMalformed(push("{\"ref\": \"refs/heads/main\"}"), "$.repository: missing");
        assertMalformed(push("{\"ref\": \"refs/heads/main\", \"repository\": {\"name\": \"b\"}}"),
                "$.repository.full_name: missing");
        assertMalformed(push("{\"ref\": \"refs/heads/main\", \"repository\": {\"full_name\": \"a/b\", "
                + "\"default_branch\": \"main\"}, \"head_commit\": {\"timestamp\": \"soon\"}}"),
                "$.head_commit.timestamp: not an ISO-8601 timestamp: 'soon'");
        assertMalformed(Deliveries.delivery(Source.GITHUB, "acme", "{}".getBytes(StandardCharsets.UTF_8), Map.of(), RECEIVED_AT),
                "header X-GitHub-Event: missing");
    }

    @Test
    void aBodyThatIsNotJsonIsMalformedWhateverTheEvent() {
        WebhookDelivery form = Deliveries.delivery(Source.GITHUB, "acme",
                "payload=%7B%22zen%22%3A%22x%22%7D".getBytes(StandardCharsets.UTF_8), Map.of("X-GitHub-Event", "ping"),
                RECEIVED_AT);

        assertThatThrownBy(() -> normalizer.normalize(form)).isInstanceOf(MalformedWebhookException.class)
                .hasMessageStartingWith("$: not valid JSON: ");
    }

    @Test
    void rejectsMissingSettings() {
        assertThatThrownBy(() -> new GithubNormalizer(null)).isInstanceOf(NullPointerException.class).hasMessage("settings");
    }

    private void assertMalformed(WebhookDelivery delivery, String message) {
        assertThatThrownBy(() -> normalizer.normalize(delivery)).isInstanceOf(MalformedWebhookException.class)
                .hasMessage(message);
    }

    private static WebhookDelivery github(String event, String payload) {
        return Deliveries.fromPayload(Source.GITHUB, payload, Map.of("X-GitHub-Event", event,
                "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"));
    }

    private static WebhookDelivery push(String json) {
        return Deliveries.delivery(Source.GITHUB, "acme", json.getBytes(StandardCharsets.UTF_8),
                Map.of("X-GitHub-Event", "push"), RECEIVED_AT);
    }
}
