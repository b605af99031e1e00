package io.agentix.incident.notifier.channel;

/**
 * A notification no channel can deliver (no recipients, no address for the channel, a page route that is
 * not configured and no default route): recorded as REJECTED with this message as the reason.
 */
public final class InvalidNotificationException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidNotificationException(String message) {
        super(message);
    }
}
