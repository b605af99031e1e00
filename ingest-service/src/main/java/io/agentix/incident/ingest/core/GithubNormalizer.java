package io.agentix.incident.ingest.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import io.agentix.incident.events.DeploymentEvent;

/**
 * GitHub repository webhooks, routed on the {@code X-GitHub-Event} header. Only a {@code push} to
 * the repository's default branch means something here: it is a deploy fact, and the runbook's
 * on-call engineer is whoever pushed last to main. GitHub produces no alerts.
 *
 * <ul>
 *   <li>{@code push} to the default branch → one {@link DeploymentEvent} (status {@code pushed});</li>
 *   <li>pushes to other branches, tag pushes and branch deletions → ignored, each with its reason;</li>
 *   <li>{@code ping} (sent once when the webhook is created) and every other event → ignored.</li>
 * </ul>
 * The signature ({@code X-Hub-Signature-256}) is checked before this, by
 * {@link io.agentix.incident.ingest.auth.GithubSignatureVerifier}.
 */
public final class GithubNormalizer implements WebhookNormalizer {

    public static final String EVENT_HEADER = "X-GitHub-Event";

    private static final String BRANCH_PREFIX = "refs/heads/";
    private static final String TAG_PREFIX = "refs/tags/";
    private static final String NULL_SHA = "0000000000000000000000000000000000000000";

    private final NormalizationSettings settings;

    public GithubNormalizer(NormalizationSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public Source source() {
        return Source.GITHUB;
    }

    @Override
    public Normalized normalize(WebhookDelivery delivery) throws MalformedWebhookException {
        String event = delivery.header(EVENT_HEADER);
        if (event == null || event.isBlank()) {
            throw new MalformedWebhookException("header " + EVENT_HEADER, "missing");
        }
        event = event.trim();
        // Parsed for every event, so that a body that is not JSON is rejected whatever its event.
        JsonPayload body = JsonPayload.parse(delivery.body());
        return switch (event) {
            case "ping" -> Normalized.ignored(event, "ping");
            case "push" -> push(body, delivery);
            default -> Normalized.ignored(event, "event '" + event + "' carries no deploy fact");
        };
    }

    private Normalized push(JsonPayload body, WebhookDelivery delivery) throws MalformedWebhookException {
        String ref = body.requireText("ref");
        JsonPayload repository = body.requireObject("repository");
        String service = repository.requireText("full_name");
        String after = body.text("after");

        if (body.bool(false, "deleted") || NULL_SHA.equals(after)) {
            return Normalized.ignored("push", "deletion of " + ref);
        }
        if (ref.startsWith(TAG_PREFIX)) {
            return Normalized.ignored("push", "tag push " + ref.substring(TAG_PREFIX.length()));
        }
        if (!ref.startsWith(BRANCH_PREFIX)) {
            return Normalized.ignored("push", "push to " + ref + ", not a branch");
        }
        String branch = ref.substring(BRANCH_PREFIX.length());
        // Push payloads name the default branch twice: default_branch and the older master_branch.
        String defaultBranch = Optional.ofNullable(repository.text("default_branch"))
                .orElse(repository.text("master_branch"));
        boolean mainBranch = defaultBranch != null ? branch.equals(defaultBranch) : settings.isMainBranch(branch);
        if (!mainBranch) {
            return Normalized.ignored("push", "push to branch " + branch + ", not the default branch "
                    + (defaultBranch != null ? defaultBranch : "(one of " + new TreeSet<>(settings.mainBranches()) + ")"));
        }

        JsonPayload headCommit = body.at("head_commit");
        DeploymentEvent.Builder deployment = Alerts.newDeployment(delivery)
                .setService(service)
                .setBranch(branch)
                .setMainBranch(true)
                .setCommitSha(after != null ? after : headCommit.text("id"))
                .setCommitMessage(firstLine(headCommit.text("message")))
                .setAuthor(Optional.ofNullable(body.text("pusher", "name")).orElse(body.text("sender", "login")))
                .setAuthorEmail(body.text("pusher", "email"))
                .setUrl(body.text("compare"))
                .setStatus("pushed")
                .setDeployedAt(deployedAt(headCommit, repository, delivery));
        return Normalized.of("push", List.of(), List.of(Alerts.build(deployment)));
    }

    /**
     * The head commit's time (ISO with offset), else the repository's {@code pushed_at} (epoch
     * seconds in push payloads), else the receipt time.
     */
    private static Instant deployedAt(JsonPayload headCommit, JsonPayload repository, WebhookDelivery delivery)
            throws MalformedWebhookException {
        Optional<Instant> committed = headCommit.instant("timestamp");
        if (committed.isPresent()) {
            return committed.get();
        }
        return repository.instant("pushed_at").orElse(delivery.receivedAt());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        String line = message.lines().findFirst().orElse("").strip();
        return line.isEmpty() ? null : line;
    }
}
