package io.agentix.incident.escalation.core;

import java.util.Objects;

/**
 * Why a command is not applied, with the HTTP status the operator API answers: 404 unknown incident,
 * 409 not allowed in the incident's current state, 400 a required field missing or invalid.
 *
 * @param httpStatus 400, 404 or 409
 * @param reason readable reason naming the problem, e.g. "INC-20261129-0001 is RESOLVED: acknowledge
 *     needs OPEN"
 */
public record CommandRejection(int httpStatus, String reason) {

    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;
    public static final int CONFLICT = 409;

    public CommandRejection {
        Objects.requireNonNull(reason, "reason");
        if (httpStatus != BAD_REQUEST && httpStatus != NOT_FOUND && httpStatus != CONFLICT) {
            throw new IllegalArgumentException("httpStatus must be 400, 404 or 409, not " + httpStatus);
        }
    }

    static CommandRejection badRequest(String reason) {
        return new CommandRejection(BAD_REQUEST, reason);
    }

    static CommandRejection notFound(String reason) {
        return new CommandRejection(NOT_FOUND, reason);
    }

    static CommandRejection conflict(String reason) {
        return new CommandRejection(CONFLICT, reason);
    }
}
