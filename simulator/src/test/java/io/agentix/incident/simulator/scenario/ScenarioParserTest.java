package io.agentix.incident.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Severity;
import io.agentix.incident.ingest.core.Source;

class ScenarioParserTest {

    private static final String AT = "\"at\": \"2026-03-30T09:00:00Z\"";

    @Test
    void readsWebhookCommandAndTickStepsInOrder() throws ScenarioException {
        List<ScenarioStep> steps = ScenarioParser.parse(List.of(
                "{\"at\": \"2026-03-30T09:00:00Z\", \"webhook\": {\"source\": \"betterstack\","
                        + " \"headers\": {\"X-Request-Id\": \"r1\"}, \"body\": {\"data\": {\"id\": \"1\"}}}}",
                "",
                "{\"at\": \"2026-03-30T09:05:00Z\", \"command\": {\"incident\": \"#1\", \"action\": \"set-severity\","
                        + " \"by\": \"alice\", \"severity\": \"P2\", \"reason\": \"two tenants\"}}",
                "   ",
                "{\"at\": \"2026-03-30T09:05:00Z\", \"tick\": true}"));

        assertThat(steps).hasSize(3);
        WebhookStep webhook = (WebhookStep) steps.get(0);
        assertThat(webhook.line()).isEqualTo(1);
        assertThat(webhook.at()).isEqualTo(Instant.parse("2026-03-30T09:00:00Z"));
        assertThat(webhook.source()).isEqualTo(Source.BETTERSTACK);
        assertThat(webhook.account()).isNull();
        assertThat(webhook.headers()).containsEntry("X-Request-Id", "r1");
        assertThat(new String(webhook.body(), StandardCharsets.UTF_8)).isEqualTo("{\"data\":{\"id\":\"1\"}}");

        CommandStep command = (CommandStep) steps.get(1);
        assertThat(command.line()).as("blank lines are counted").isEqualTo(3);
        assertThat(command.incident()).isEqualTo(IncidentRef.ordinal(1));
        assertThat(command.action()).isEqualTo(CommandAction.SET_SEVERITY);
        assertThat(command.by()).isEqualTo("alice");
        assertThat(command.severity()).isEqualTo(Severity.P2);
        assertThat(command.reason()).isEqualTo("two tenants");
        assertThat(command.message()).isNull();

        assertThat(steps.get(2)).isEqualTo(new TickStep(5, Instant.parse("2026-03-30T09:05:00Z")));
    }

    @Test
    void mapsEveryOperatorActionName() throws ScenarioException {
        assertThat(ScenarioParser.ACTIONS).containsKeys("acknowledge", "dismiss", "mitigate", "resolve", "update",
                "assign", "block", "escalate", "reopen", "set-severity", "postmortem-done", "close");
        assertThat(ScenarioParser.ACTIONS).hasSize(CommandAction.values().length);
        CommandStep step = (CommandStep) ScenarioParser.parseLine(1, "{" + AT
                + ", \"command\": {\"incident\": \"INC-20260330-0001\", \"action\": \"postmortem-done\", \"by\": \"bob\"}}");
        assertThat(step.action()).isEqualTo(CommandAction.POSTMORTEM_DONE);
        assertThat(step.incident()).isEqualTo(IncidentRef.id("INC-20260330-0001"));
    }

    @Test
    void keepsEveryCommandField() throws ScenarioException {
        CommandStep step = (CommandStep) ScenarioParser.parseLine(1, "{" + AT + ", \"command\": {\"incident\": \"#2\","
                + " \"action\": \"resolve\", \"by\": \"bob\", \"message\": \"m\", \"assignee\": \"a\", \"reason\": \"r\","
                + " \"rootCause\": \"rc\", \"impact\": \"i\", \"prevention\": \"p\"}}");
        assertThat(step).extracting(CommandStep::message, CommandStep::assignee, CommandStep::reason,
                CommandStep::rootCause, CommandStep::impact, CommandStep::prevention)
                .containsExactly("m", "a", "r", "rc", "i", "p");
    }

    @Test
    void acceptsAnAccountAndAnOffsetTimeConvertedToUtc() throws ScenarioException {
        WebhookStep step = (WebhookStep) ScenarioParser.parseLine(1, "{\"at\": \"2026-03-30T11:00:00+02:00\","
                + " \"webhook\": {\"source\": \"report\", \"account\": \"acme-support\", \"body\": {}}}");
        assertThat(step.at()).isEqualTo(Instant.parse("2026-03-30T09:00:00Z"));
        assertThat(step.account()).isEqualTo("acme-support");
        assertThat(step.headers()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not JSON                 | {\"at\": | line 1: not valid JSON",
        "an array                 | [1, 2] | line 1: expected a JSON object, got array [1,2]",
        "trailing text            | {\"at\": \"2026-03-30T09:00:00Z\", \"tick\": true} x | line 1: not valid JSON",
        "duplicate key            | {\"at\": \"2026-03-30T09:00:00Z\", \"tick\": true, \"tick\": true} | line 1: not valid JSON: Duplicate field 'tick'",
        "no at                    | {\"tick\": true} | line 1: \"at\" is missing",
        "at not a string          | {\"at\": 1, \"tick\": true} | line 1: \"at\" must be an ISO-8601 time string",
        "at not a time            | {\"at\": \"yesterday\", \"tick\": true} | line 1: \"at\" is not an ISO-8601 UTC time",
        "at without zone          | {\"at\": \"2026-03-30T09:00:00\", \"tick\": true} | line 1: \"at\" is not an ISO-8601 UTC time",
        "no step                  | {\"at\": \"2026-03-30T09:00:00Z\"} | line 1: no step: expected one of",
        "two steps                | {\"at\": \"2026-03-30T09:00:00Z\", \"tick\": true, \"command\": {}} | line 1: more than one step in one line: [tick, command]",
        "unknown top-level key    | {\"at\": \"2026-03-30T09:00:00Z\", \"tock\": true} | line 1: unknown key \"tock\"",
        "tick false               | {\"at\": \"2026-03-30T09:00:00Z\", \"tick\": false} | line 1: \"tick\" must be true, got boolean false",
        "webhook not an object    | {\"at\": \"2026-03-30T09:00:00Z\", \"webhook\": \"sentry\"} | line 1: webhook must be a JSON object",
        "webhook unknown source   | {\"at\": \"2026-03-30T09:00:00Z\", \"webhook\": {\"source\": \"pagerduty\", \"body\": {}}} | line 1: webhook.source: unknown source 'pagerduty'",
        "webhook without source   | {\"at\": \"2026-03-30T09:00:00Z\", \"webhook\": {\"body\": {}}} | line 1: webhook.source is missing",
        "webhook without body     | {\"at\": \"2026-03-30T09:00:00Z\", \"webhook\": {\"source\": \"sentry\"}} | line 1: webhook.body is missing",
        "webhook extra key        | {\"at\": \"2026-03-30T09:00:00Z\", \"webhook\": {\"source\": \"sentry\", \"body\": {}, \"secret\": \"x\"}} | line 1: webhook: unknown key \"secret\"",
        "header not a string      | {\"at\": \"2026-03-30T09:00:00Z\", \"webhook\": {\"source\": \"sentry\", \"headers\": {\"A\": 1}, \"body\": {}}} | line 1: webhook.headers.A must be a string",
        "command unknown action   | {\"at\": \"2026-03-30T09:00:00Z\", \"command\": {\"incident\": \"#1\", \"action\": \"ack\", \"by\": \"a\"}} | line 1: command.action: unknown action \"ack\"",
        "command upper-case action| {\"at\": \"2026-03-30T09:00:00Z\", \"command\": {\"incident\": \"#1\", \"action\": \"SET_SEVERITY\", \"by\": \"a\"}} | line 1: command.action: unknown action \"SET_SEVERITY\"",
        "command without by       | {\"at\": \"2026-03-30T09:00:00Z\", \"command\": {\"incident\": \"#1\", \"action\": \"acknowledge\"}} | line 1: command.by is missing",
        "command blank by         | {\"at\": \"2026-03-30T09:00:00Z\", \"command\": {\"incident\": \"#1\", \"action\": \"acknowledge\", \"by\": \" \"}} | line 1: command.by must not be blank",
        "command without incident | {\"at\": \"2026-03-30T09:00:00Z\", \"command\": {\"action\": \"acknowledge\", \"by\": \"a\"}} | line 1: command.incident is missing",
        "command #0               | {\"at\": \"2026-03-30T09:00:00Z\", \"command\": {\"incident\": \"#0\", \"action\": \"acknowledge\", \"by\": \"a\"}} | line 1: command.incident: \"#0\": incidents are counted from #1",
        "command #x               | {\"at\": \"2026-03-30T09:00:00Z\", \"command\": {\"incident\": \"#x\", \"action\": \"acknowledge\", \"by\": \"a\"}} | line 1: command.incident: \"#x\" is neither",
        "command #-1              | {\"at\": \"2026-03-30T09:00:00Z\", \"command\": {\"incident\": \"#-1\", \"action\": \"acknowledge\", \"by\": \"a\"}} | line 1: command.incident: \"#-1\" is neither",
        "command extra key        | {\"at\": \"2026-03-30T09:00:00Z\", \"command\": {\"incident\": \"#1\", \"action\": \"update\", \"by\": \"a\", \"text\": \"x\"}} | line 1: command: unknown key \"text\"",
        "command unknown severity | {\"at\": \"2026-03-30T09:00:00Z\", \"command\": {\"incident\": \"#1\", \"action\": \"set-severity\", \"by\": \"a\", \"severity\": \"P5\"}} | line 1: command.severity: unknown severity \"P5\"",
        "command field not text   | {\"at\": \"2026-03-30T09:00:00Z\", \"command\": {\"incident\": \"#1\", \"action\": \"update\", \"by\": \"a\", \"message\": 5}} | line 1: command.message must be a string, got number 5",
    })
    void rejectsAMalformedLineNamingTheProblem(String name, String line, String expected) {
        assertThatThrownBy(() -> ScenarioParser.parse(List.of(line)))
                .isInstanceOf(ScenarioException.class)
                .hasMessageStartingWith(expected)
                .satisfies(e -> assertThat(((ScenarioException) e).line()).isEqualTo(1));
    }

    @Test
    void rejectsTimeGoingBackwardsOnTheLineThatDoesIt() {
        assertThatThrownBy(() -> ScenarioParser.parse(List.of(
                "{\"at\": \"2026-03-30T09:00:00Z\", \"tick\": true}",
                "{\"at\": \"2026-03-30T09:10:00Z\", \"tick\": true}",
                "",
                "{\"at\": \"2026-03-30T09:09:59Z\", \"tick\": true}")))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("line 4: \"at\" 2026-03-30T09:09:59Z is earlier than the previous step's 2026-03-30T09:10:00Z;"
                        + " steps must not go back in time");
    }

    @Test
    void reportsTheFirstBadLineAfterGoodOnes() {
        assertThatThrownBy(() -> ScenarioParser.parse(List.of(
                "{\"at\": \"2026-03-30T09:00:00Z\", \"tick\": true}",
                "{\"at\": \"2026-03-30T09:10:00Z\", \"tick\": true}",
                "{\"at\": \"2026-03-30T09:20:00Z\", \"tick\": 1}")))
                .hasMessageStartingWith("line 3: ");
    }

    @Test
    void rejectsAScenarioWithoutSteps() {
        assertThatThrownBy(() -> ScenarioParser.parse(List.of("", "  ")))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("line 2: the scenario has no steps");
        assertThatThrownBy(() -> ScenarioParser.parse(List.of()))
                .hasMessage("line 1: the scenario has no steps");
    }

    @Test
    void doesNotTreatHashLinesAsComments() {
        assertThatThrownBy(() -> ScenarioParser.parse(List.of("# a comment")))
                .hasMessageStartingWith("line 1: not valid JSON");
        assertThatThrownBy(() -> ScenarioParser.parse(List.of("// a comment")))
                .hasMessageStartingWith("line 1: not valid JSON");
    }
}
