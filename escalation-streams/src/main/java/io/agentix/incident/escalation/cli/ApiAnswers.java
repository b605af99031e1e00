package io.agentix.incident.escalation.cli;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentix.incident.escalation.cli.OperatorApiClient.Answer;

/**
 * What the operator API answered, said plainly: a command's 202 with its command id, or the status
 * and the API's own message of a 4xx/503, with what to do about it. Pure.
 */
final class ApiAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiAnswers() {
    }

    /** The answer's JSON, or null when the body is not JSON. */
    static JsonNode json(Answer answer) {
        try {
            return answer.body() == null || answer.body().isBlank() ? null : JSON.readTree(answer.body());
        } catch (IOException e) {
            return null;
        }
    }

    /** The API's message ({@code {"code", "message"}}), else the body as it came. */
    static String message(Answer answer) {
        JsonNode json = json(answer);
        if (json != null && json.hasNonNull("message")) {
            return json.get("message").asText();
        }
        String body = answer.body() == null ? "" : answer.body().strip();
        return body.isEmpty() ? "(no message)" : body;
    }

    /**
     * The line for a 202 to a command: {@code accepted: acknowledge INC-... by alice (command 5f0c...)}
     * and where to see the outcome.
     */
    static String accepted(Answer answer, String incidentId) {
        JsonNode json = json(answer);
        String action = json == null ? "command" : Readable.text(json, "action", "command")
                .toLowerCase(Locale.ROOT).replace('_', '-');
        String by = json == null ? "?" : Readable.text(json, "by", "?");
        String commandId = json == null ? "?" : Readable.text(json, "commandId", "?");
        return "accepted: " + action + " " + incidentId + " by " + by + " (command " + commandId + ")\n"
                + "The engine applies it next; 'bin/incident-engine incidents show " + incidentId
                + "' shows the outcome on the timeline.";
    }

    /**
     * A failed request as one line: the status, what it means and the API's message, with a hint
     * for a 401 (the token) and, for a command, a 503 (it may still be applied).
     */
    static String failure(Answer answer, boolean command, String incidentId) {
        String message = message(answer);
        return switch (answer.status()) {
            case 400 -> "invalid (400): " + message;
            case 401 -> "not authorized (401): " + message
                    + "; pass --token TOKEN or set INCIDENT_ENGINE_TOKEN (in dev the token is 'dev')";
            case 404 -> "not found (404): " + message;
            case 409 -> "refused (409): " + message;
            case 503 -> "unavailable (503" + answer.retryAfter().map(seconds -> ", retry after " + seconds + " s").orElse("")
                    + "): " + message + (command && incidentId != null
                    ? "\nThe command may still be applied: check 'bin/incident-engine incidents show " + incidentId
                            + "' before sending it again."
                    : "");
            default -> "failed (" + answer.status() + "): " + message;
        };
    }
}
