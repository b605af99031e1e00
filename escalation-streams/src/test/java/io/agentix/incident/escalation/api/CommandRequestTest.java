package io.agentix.incident.escalation.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.events.Severity;

class CommandRequestTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void mapsEveryFieldOntoTheCommandAndFallsBackToTheCallerForBy() {
        CommandRequest request = parse("""
                {"message": " Rolled back ", "assignee": "bob", "severity": "p2", "reason": "support confirmed",
                 "rootCause": "config", "impact": "slow inbox", "prevention": "load test"}""");

        IncidentCommand command = request.toCommand("c-1", "INC-20261129-0001", CommandAction.RESOLVE, "alice",
                Instant.parse("2026-11-29T10:00:00Z"));

        assertThat(command.getBy()).isEqualTo("alice");
        assertThat(command.getMessage()).isEqualTo("Rolled back");
        assertThat(command.getAssignee()).isEqualTo("bob");
        assertThat(command.getSeverity()).isEqualTo(Severity.P2);
        assertThat(command.getReason()).isEqualTo("support confirmed");
        assertThat(command.getRootCause()).isEqualTo("config");
        assertThat(command.getImpact()).isEqualTo("slow inbox");
        assertThat(command.getPrevention()).isEqualTo("load test");
        assertThat(command.getSource()).isEqualTo("api");
        assertThat(command.getIssuedAt()).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
        assertThat(parse("{\"by\": \"carol\"}").toCommand("c-2", "INC-1", CommandAction.ACKNOWLEDGE, "alice",
                Instant.EPOCH).getBy()).isEqualTo("carol");
    }

    @Test
    void emptyBodyAndBlankFieldsMeanNoFields() {
        assertThat(parse("")).isEqualTo(CommandRequest.EMPTY);
        assertThat(parse("  \n")).isEqualTo(CommandRequest.EMPTY);
        assertThat(parse("{}")).isEqualTo(CommandRequest.EMPTY);
        assertThat(parse("{\"message\": \"  \", \"by\": null}")).isEqualTo(CommandRequest.EMPTY);
    }

    @Test
    void refusesWhatCannotBeACommandNamingTheProblem() {
        assertThatThrownBy(() -> parse("{\"rootcause\": \"x\"}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("unknown field [rootcause]").hasMessageContaining("rootCause");
        assertThatThrownBy(() -> parse("{\"severity\": \"P5\"}"))
                .hasMessage("severity must be one of [P1, P2, P3, P4], was 'P5'");
        assertThatThrownBy(() -> parse("{\"message\": 42}")).hasMessageContaining("field message must be a string");
        assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("body must be a JSON object");
        assertThatThrownBy(() -> parse("{\"message\": ")).hasMessageContaining("body is not valid JSON");
        assertThatThrownBy(() -> parse("{\"message\": \"" + "x".repeat(CommandRequest.MAX_TEXT_LENGTH + 1) + "\"}"))
                .hasMessageContaining("at most " + CommandRequest.MAX_TEXT_LENGTH);
    }

    @Test
    void commandNamesAreTheActionsInLowerCaseWithDashes() {
        assertThat(OperatorCommands.action("set-severity")).contains(CommandAction.SET_SEVERITY);
        assertThat(OperatorCommands.action("POSTMORTEM-DONE")).contains(CommandAction.POSTMORTEM_DONE);
        assertThat(OperatorCommands.action("ack")).isEmpty();
        assertThat(OperatorCommands.names()).contains("acknowledge", "set-severity", "postmortem-done", "close")
                .hasSize(CommandAction.values().length);
        for (CommandAction action : CommandAction.values()) {
            assertThat(OperatorCommands.action(OperatorCommands.name(action))).contains(action);
        }
    }

    private static CommandRequest parse(String body) {
        return CommandRequest.parse(body.getBytes(StandardCharsets.UTF_8), MAPPER);
    }
}
