package io.agentix.incident.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;

/** The failure message of {@link ScenarioFilesTest}: where expected and actual output first differ. */
class ScenarioDifferenceTest {

    @Test
    void equalAsJsonIsNoDifferenceWhateverTheSpacing() throws JsonProcessingException {
        assertThat(ScenarioFilesTest.firstDifference(List.of("{\"a\": 1, \"b\": [1, 2]}"), List.of("{\"a\":1,\"b\":[1,2]}")))
                .isNull();
    }

    @Test
    void namesTheLineAndTheFieldsThatDiffer() throws JsonProcessingException {
        String difference = ScenarioFilesTest.firstDifference(
                List.of("{\"at\": \"09:00\"}", "{\"value\": {\"status\": \"OPEN\", \"level\": 0, \"gone\": 1}}"),
                List.of("{\"at\": \"09:00\"}", "{\"value\": {\"status\": \"ACKNOWLEDGED\", \"level\": 0}}"));

        assertThat(difference).startsWith("output line 2 differs at $.value.status (\"OPEN\" -> \"ACKNOWLEDGED\"),"
                + " $.value.gone (1 -> absent)");
    }

    @Test
    void namesMissingAndUnexpectedLines() throws JsonProcessingException {
        assertThat(ScenarioFilesTest.firstDifference(List.of("{}", "{\"x\": 1}"), List.of("{}")))
                .isEqualTo("output ends after 1 lines; missing lines:\n  {\"x\": 1}");
        assertThat(ScenarioFilesTest.firstDifference(List.of("{}"), List.of("{}", "{\"y\": 2}")))
                .isEqualTo("output goes on after 1 lines; unexpected lines:\n  {\"y\": 2}");
    }
}
