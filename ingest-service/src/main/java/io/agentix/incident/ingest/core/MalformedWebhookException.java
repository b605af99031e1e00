package io.agentix.incident.ingest.core;

/**
 * A body that is not valid JSON or does not fit its sender's format. The message names the
 * problem with a JSON path, e.g. {@code "$.data.issue.id: missing"}; the sender gets it in a 400
 * and the body is kept in {@code webhooks.rejected}.
 */
public final class MalformedWebhookException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String path;

    public MalformedWebhookException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public MalformedWebhookException(String path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    /** JSON path of the offending element ({@code $} for the whole body). */
    public String path() {
        return path;
    }
}
