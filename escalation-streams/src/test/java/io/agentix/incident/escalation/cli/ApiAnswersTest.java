package io.agentix.incident.escalation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.agentix.incident.escalation.cli.OperatorApiClient.Answer;

/** The API's answers said plainly (the bodies are the API's: AcceptedCommand, ErrorResponse). */
class ApiAnswersTest {

    @Test
    void aCommandAcceptedSaysWhatByWhomAndItsId() {
        Answer answer = new Answer(202, "{\"commandId\": \"5f0c\", \"incidentId\": \"INC-1\", \"action\": \"SET_SEVERITY\","
                + " \"by\": \"alice\", \"issuedAt\": \"2026-11-29T09:30:00Z\"}", Optional.empty());

        assertThat(ApiAnswers.accepted(answer, "INC-1")).startsWith("accepted: set-severity INC-1 by alice (command 5f0c)\n")
                .contains("incidents show INC-1");
    }

    @Test
    void refusalsSayTheStatusAndTheApisMessage() {
        Answer conflict = new Answer(409, "{\"code\": 409, \"message\": \"INC-1 is DISMISSED: resolve needs OPEN\"}",
                Optional.empty());
        Answer unauthorized = new Answer(401, "{\"code\": 401, \"message\": \"unknown operator API token\"}", Optional.empty());
        Answer notJson = new Answer(502, "Bad Gateway\n", Optional.empty());

        assertThat(ApiAnswers.failure(conflict, true, "INC-1")).isEqualTo("refused (409): INC-1 is DISMISSED: resolve needs OPEN");
        assertThat(ApiAnswers.failure(unauthorized, true, "INC-1")).isEqualTo("not authorized (401): unknown operator API token;"
                + " pass --token TOKEN or set INCIDENT_ENGINE_TOKEN (in dev the token is 'dev')");
        assertThat(ApiAnswers.failure(notJson, false, null)).isEqualTo("failed (502): Bad Gateway");
    }

    @Test
    void a503SaysWhenToRetryAndForACommandThatItMayStillBeApplied() {
        Answer unavailable = new Answer(503, "{\"code\": 503, \"message\": \"Kafka did not acknowledge the command\"}",
                Optional.of("5"));

        assertThat(ApiAnswers.failure(unavailable, true, "INC-1")).isEqualTo("unavailable (503, retry after 5 s): Kafka did not"
                + " acknowledge the command\nThe command may still be applied: check 'bin/incident-engine incidents show"
                + " INC-1' before sending it again.");
        assertThat(ApiAnswers.failure(unavailable, false, "INC-1")).doesNotContain("may still be applied");
    }
}
