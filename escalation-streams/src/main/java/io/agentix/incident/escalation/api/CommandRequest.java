package io.agentix.incident.escalation.api;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.events.Severity;

/**
 * The JSON body of {@code POST /incidents/{id}/{command}}: every field optional, which ones a
 * command needs is the engine's rule ({@code IncidentEngine#check}).
 *
 * <pre>
 * {"by": "alice", "message": "...", "assignee": "bob", "severity": "P2", "reason": "...",
 *  "rootCause": "...", "impact": "...", "prevention": "..."}
 * </pre>
 *
 * <p>Strict about its shape, so a typo does not silently drop a field: an unknown field, a value
 * that is not a string, or a severity other than P1..P4 is an {@link InvalidRequestException}
 * naming it. Blank strings count as absent; texts are trimmed.
 */
public record CommandRequest(String by, String message, String assignee, Severity severity, String reason,
                             String rootCause, String impact, String prevention) {

    /** The fields a body may have, in documentation order. */
    public static final List<String> FIELDS = List.of("by", "message", "assignee", "severity", "reason", "rootCause",
            "impact", "prevention");

    /** Longest text a field may hold: a command is a line or a paragraph, not a document. */
    public static final int MAX_TEXT_LENGTH = 10_000;

    private static final Set<String> KNOWN = Set.copyOf(FIELDS);

    /** A request without fields (an empty body). */
    public static final CommandRequest EMPTY = new CommandRequest(null, null, null, null, null, null, null, null);

    /**
     * Reads a body: empty (or only whitespace) is {@link #EMPTY}, else a JSON object of the known fields.
     *
     * @throws InvalidRequestException naming what is wrong
     */
    public static CommandRequest parse(byte[] body, ObjectMapper mapper) {
        Objects.requireNonNull(body, "body");
        if (new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return EMPTY;
        }
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequestException("body could not be read: " + e.getMessage());
        }
        if (json == null || json.isMissingNode() || json.isNull()) {
            return EMPTY;
        }
        if (!json.isObject()) {
            throw new InvalidRequestException("body must be a JSON object with the fields " + FIELDS
                    + ", was " + json.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        List<String> unknown = new ArrayList<>();
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KNOWN.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("unknown field" + (unknown.size() == 1 ? " " : "s ") + unknown
                    + "; a command body has the fields " + FIELDS);
        }
        return new CommandRequest(text(json, "by"), text(json, "message"), text(json, "assignee"),
                severity(text(json, "severity")), text(json, "reason"), text(json, "rootCause"), text(json, "impact"),
                text(json, "prevention"));
    }

    /**
     * The command for {@code incidentId}, issued by {@link #by()} or else {@code defaultBy} (the person
     * of the caller's token), from the operator API.
     */
    public IncidentCommand toCommand(String commandId, String incidentId, CommandAction action, String defaultBy,
                                     Instant issuedAt) {
        return IncidentCommand.newBuilder()
                .setCommandId(commandId)
                .setIncidentId(incidentId)
                .setAction(action)
                .setBy(by != null ? by : defaultBy)
                .setIssuedAt(issuedAt)
                .setMessage(message)
                .setAssignee(assignee)
                .setSeverity(severity)
                .setReason(reason)
                .setRootCause(rootCause)
                .setImpact(impact)
                .setPrevention(prevention)
                .setSource("api")
                .build();
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidRequestException("field " + field + " must be a string, was "
                    + value.getNodeType().name().toLowerCase(Locale.ROOT) + " " + value);
        }
        String text = value.asText().trim();
        if (text.length() > MAX_TEXT_LENGTH) {
            throw new InvalidRequestException("field " + field + " has " + text.length()
                    + " characters; at most " + MAX_TEXT_LENGTH + " are allowed");
        }
        return text.isEmpty() ? null : text;
    }

    private static Severity severity(String value) {
        if (value == null) {
            return null;
        }
        for (Severity severity : Severity.values()) {
            if (severity.name().equalsIgnoreCase(value)) {
                return severity;
            }
        }
        throw new InvalidRequestException("severity must be one of " + List.of(Severity.values())
                + ", was '" + value + "'");
    }
}
