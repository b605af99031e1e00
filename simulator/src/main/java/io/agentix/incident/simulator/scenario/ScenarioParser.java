package io.agentix.incident.simulator.scenario;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Severity;
import io.agentix.incident.ingest.core.Source;

/**
 * Reads a scenario: JSON Lines, one step per line, each an object with {@code "at"} (ISO-8601,
 * converted to UTC; never earlier than the line before) and exactly one of {@code "webhook"},
 * {@code "command"} or {@code "tick": true}. Blank lines are skipped (and still counted, so line
 * numbers match the file); there are no comment lines.
 *
 * <p>Strict on purpose: an unknown key, a duplicate key, a wrong type or trailing text is an error
 * naming the line, because a scenario is a claim about behaviour and a silently ignored typo
 * would make it claim something else. Pure: no I/O, no clock.
 */
public final class ScenarioParser {

    /** Command names as the operator API and the scenarios spell them, to the Avro action. */
    public static final Map<String, CommandAction> ACTIONS = actions();

    private static final Set<String> STEP_KINDS = Set.of("webhook", "command", "tick");
    private static final Set<String> WEBHOOK_KEYS = Set.of("source", "headers", "body", "account");
    private static final Set<String> COMMAND_TEXT_FIELDS =
            Set.of("message", "assignee", "reason", "rootCause", "impact", "prevention");
    private static final Set<String> COMMAND_KEYS = union(Set.of("incident", "action", "by", "severity"), COMMAND_TEXT_FIELDS);
    private static final Pattern ORDINAL = Pattern.compile("#(\\d{1,9})");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ScenarioParser() {
    }

    /**
     * @param lines the file's lines, in order
     * @return the steps, in file order
     * @throws ScenarioException naming the first offending line
     */
    public static List<ScenarioStep> parse(List<String> lines) throws ScenarioException {
        List<ScenarioStep> steps = new ArrayList<>();
        Instant previous = null;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            ScenarioStep step = parseLine(i + 1, text);
            if (previous != null && step.at().isBefore(previous)) {
                throw new ScenarioException(step.line(), "\"at\" " + step.at() + " is earlier than the previous step's "
                        + previous + "; steps must not go back in time");
            }
            previous = step.at();
            steps.add(step);
        }
        if (steps.isEmpty()) {
            throw new ScenarioException(Math.max(1, lines.size()), "the scenario has no steps");
        }
        return List.copyOf(steps);
    }

    /** One non-blank line. */
    static ScenarioStep parseLine(int line, String text) throws ScenarioException {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(line, "not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ScenarioException(line, "expected a JSON object, got " + describe(node));
        }
        Instant at = at(line, node.get("at"));
        List<String> kinds = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals("at")) {
                continue;
            }
            if (!STEP_KINDS.contains(name)) {
                throw new ScenarioException(line, "unknown key \"" + name + "\"; a step has \"at\" and one of "
                        + "\"webhook\", \"command\", \"tick\"");
            }
            kinds.add(name);
        }
        if (kinds.size() != 1) {
            throw new ScenarioException(line, kinds.isEmpty()
                    ? "no step: expected one of \"webhook\", \"command\", \"tick\""
                    : "more than one step in one line: " + kinds + "; expected exactly one");
        }
        return switch (kinds.get(0)) {
            case "webhook" -> webhook(line, at, node.get("webhook"));
            case "command" -> command(line, at, node.get("command"));
            default -> tick(line, at, node.get("tick"));
        };
    }

    private static Instant at(int line, JsonNode at) throws ScenarioException {
        if (at == null) {
            throw new ScenarioException(line, "\"at\" is missing");
        }
        if (!at.isTextual()) {
            throw new ScenarioException(line, "\"at\" must be an ISO-8601 time string like \"2026-03-30T09:00:00Z\", got "
                    + describe(at));
        }
        try {
            return Instant.parse(at.asText());
        } catch (DateTimeParseException e) {
            throw new ScenarioException(line, "\"at\" is not an ISO-8601 UTC time like \"2026-03-30T09:00:00Z\": \""
                    + at.asText() + "\"");
        }
    }

    private static TickStep tick(int line, Instant at, JsonNode tick) throws ScenarioException {
        if (!tick.isBoolean() || !tick.booleanValue()) {
            throw new ScenarioException(line, "\"tick\" must be true, got " + describe(tick));
        }
        return new TickStep(line, at);
    }

    private static WebhookStep webhook(int line, Instant at, JsonNode webhook) throws ScenarioException {
        requireObject(line, "webhook", webhook);
        onlyKeys(line, "webhook", webhook, WEBHOOK_KEYS);
        String sourceId = requiredText(line, "webhook.source", webhook.get("source"));
        Source source;
        try {
            source = Source.fromId(sourceId);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(line, "webhook.source: " + e.getMessage());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        JsonNode headersNode = webhook.get("headers");
        if (headersNode != null && !headersNode.isNull()) {
            requireObject(line, "webhook.headers", headersNode);
            for (Map.Entry<String, JsonNode> header : headersNode.properties()) {
                if (!header.getValue().isTextual()) {
                    throw new ScenarioException(line, "webhook.headers." + header.getKey() + " must be a string, got "
                            + describe(header.getValue()));
                }
                headers.put(header.getKey(), header.getValue().asText());
            }
        }
        JsonNode body = webhook.get("body");
        if (body == null) {
            throw new ScenarioException(line, "webhook.body is missing");
        }
        String account = optionalText(line, "webhook.account", webhook.get("account"));
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree could not be written back", e);
        }
        return new WebhookStep(line, at, source, account, headers, bytes);
    }

    private static CommandStep command(int line, Instant at, JsonNode command) throws ScenarioException {
        requireObject(line, "command", command);
        onlyKeys(line, "command", command, COMMAND_KEYS);
        IncidentRef incident = incident(line, requiredText(line, "command.incident", command.get("incident")));
        String actionName = requiredText(line, "command.action", command.get("action"));
        CommandAction action = ACTIONS.get(actionName);
        if (action == null) {
            throw new ScenarioException(line, "command.action: unknown action \"" + actionName + "\"; expected one of "
                    + ACTIONS.keySet());
        }
        String by = requiredText(line, "command.by", command.get("by"));
        String severityName = optionalText(line, "command.severity", command.get("severity"));
        Severity severity = null;
        if (severityName != null) {
            try {
                severity = Severity.valueOf(severityName);
            } catch (IllegalArgumentException e) {
                throw new ScenarioException(line, "command.severity: unknown severity \"" + severityName
                        + "\"; expected one of " + Arrays.toString(Severity.values()));
            }
        }
        return new CommandStep(line, at, incident, action, by,
                optionalText(line, "command.message", command.get("message")),
                optionalText(line, "command.assignee", command.get("assignee")),
                severity,
                optionalText(line, "command.reason", command.get("reason")),
                optionalText(line, "command.rootCause", command.get("rootCause")),
                optionalText(line, "command.impact", command.get("impact")),
                optionalText(line, "command.prevention", command.get("prevention")));
    }

    private static IncidentRef incident(int line, String text) throws ScenarioException {
        if (!text.startsWith("#")) {
            return IncidentRef.id(text);
        }
        Matcher ordinal = ORDINAL.matcher(text);
        if (!ordinal.matches()) {
            throw new ScenarioException(line, "command.incident: \"" + text + "\" is neither \"#N\" (N >= 1, the N-th incident"
                    + " opened in this run) nor an incident id");
        }
        int n = Integer.parseInt(ordinal.group(1));
        if (n < 1) {
            throw new ScenarioException(line, "command.incident: \"" + text + "\": incidents are counted from #1");
        }
        return IncidentRef.ordinal(n);
    }

    private static void requireObject(int line, String path, JsonNode node) throws ScenarioException {
        if (node == null || !node.isObject()) {
            throw new ScenarioException(line, path + " must be a JSON object, got " + describe(node));
        }
    }

    private static void onlyKeys(int line, String path, JsonNode node, Set<String> allowed) throws ScenarioException {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new ScenarioException(line, path + ": unknown key \"" + name + "\"; expected some of "
                        + new TreeSet<>(allowed));
            }
        }
    }

    private static String requiredText(int line, String path, JsonNode node) throws ScenarioException {
        if (node == null || node.isNull()) {
            throw new ScenarioException(line, path + " is missing");
        }
        String text = optionalText(line, path, node);
        if (text.isBlank()) {
            throw new ScenarioException(line, path + " must not be blank");
        }
        return text;
    }

    private static String optionalText(int line, String path, JsonNode node) throws ScenarioException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ScenarioException(line, path + " must be a string, got " + describe(node));
        }
        return node.asText();
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        String text = node.toString();
        return type + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    private static Map<String, CommandAction> actions() {
        Map<String, CommandAction> actions = new LinkedHashMap<>();
        for (CommandAction action : CommandAction.values()) {
            actions.put(action.name().toLowerCase(Locale.ROOT).replace('_', '-'), action);
        }
        return java.util.Collections.unmodifiableMap(actions);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
