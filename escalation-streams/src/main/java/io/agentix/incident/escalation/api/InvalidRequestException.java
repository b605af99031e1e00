package io.agentix.incident.escalation.api;

/**
 * A request the operator API cannot act on as sent (a command body or a query parameter): the
 * message names the field and the problem, and is answered 400.
 */
public final class InvalidRequestException extends IllegalArgumentException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
