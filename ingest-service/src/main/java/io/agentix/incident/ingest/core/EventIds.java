package io.agentix.incident.ingest.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TimeSource;

/**
 * Deterministic event ids: a sender's retry of the same delivery yields the same id, so the
 * escalation engine counts it once. The id hashes source, account and content: the lifecycle key,
 * the kind and the event time. When the event time is not the sender's own (it fell back to the
 * receipt time, which differs between retries), the body's hash stands in for it. The severity
 * hint is part of the content: a Sentry metric alert going from warning to critical keeps its key,
 * kind and start time, and must not look like a retry of the warning.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String alertId(String source, String account, String dedupKey, AlertKind kind,
                                 Severity severityHint, Instant occurredAt, TimeSource timeSource, byte[] body) {
        String time = timeSource == TimeSource.RECEIPT ? "body:" + sha256Hex(body) : occurredAt.toString();
        return source + "-" + sha256Hex(join(source, account, dedupKey, kind.name(),
                severityHint == null ? "" : severityHint.name(), time)).substring(0, 32);
    }

    /** Id of a deploy fact: source, account, service, environment and commit (or time) identify it. */
    public static String deploymentId(String source, String account, String service, String environment,
                                      String commitOrDeploymentId, Instant deployedAt) {
        return source + "-deploy-" + sha256Hex(join(source, account, service, environment, commitOrDeploymentId,
                String.valueOf(deployedAt))).substring(0, 32);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] join(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            // Length-prefixed, so ("ab","c") and ("a","bc") never collide.
            String p = part == null ? "" : part;
            sb.append(p.length()).append(':').append(p).append('|');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
