package io.agentix.incident.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentix.incident.escalation.policy.PolicyLoader;

class SimulateMainTest {

    @TempDir
    Path dir;

    @Test
    void exitsOneNamingTheLineOfAMalformedStepAndPrintsNothing() throws IOException {
        Path scenario = write("bad.jsonl",
                "{\"at\": \"2026-03-30T09:00:00Z\", \"tick\": true}",
                "",
                "{\"at\": \"2026-03-30T09:05:00Z\", \"command\": {\"incident\": \"#1\", \"action\": \"ack\", \"by\": \"alice\"}}");

        SimulatorRun run = SimulatorRun.of(scenario.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("simulate: " + scenario + ": line 3: command.action: unknown action \"ack\"");
    }

    @Test
    void exitsOneWhenTimeGoesBackwards() throws IOException {
        Path scenario = write("backwards.jsonl",
                "{\"at\": \"2026-03-30T09:00:00Z\", \"tick\": true}",
                "{\"at\": \"2026-03-30T08:59:59Z\", \"tick\": true}");

        SimulatorRun run = SimulatorRun.of(scenario.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("line 2: \"at\" 2026-03-30T08:59:59Z is earlier than the previous step's");
    }

    @Test
    void exitsOneOnAWebhookTheIngestServiceWouldRejectBeforeRunningAnything() throws IOException {
        Path scenario = write("rejected.jsonl",
                "{\"at\": \"2026-03-30T09:00:00Z\", \"tick\": true}",
                "{\"at\": \"2026-03-30T09:01:00Z\", \"webhook\": {\"source\": \"betterstack\", \"body\": {\"data\": 1}}}");

        SimulatorRun run = SimulatorRun.of(scenario.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("line 2: the ingest service would reject this betterstack webhook with 400: $.event: missing");
    }

    @Test
    void exitsOneWhenACommandNamesAnIncidentNotOpenedYet() throws IOException {
        Path scenario = write("unopened.jsonl",
                "{\"at\": \"2026-03-30T09:00:00Z\", \"tick\": true}",
                "{\"at\": \"2026-03-30T09:05:00Z\", \"command\": {\"incident\": \"#1\", \"action\": \"acknowledge\", \"by\": \"alice\"}}");

        SimulatorRun run = SimulatorRun.of(scenario.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("line 2: command.incident: #1 names the 1st incident of this run, but none was"
                + " opened by 2026-03-30T09:05:00Z");
    }

    @Test
    void exitsOneOnAnEmptyScenario() throws IOException {
        SimulatorRun run = SimulatorRun.of(write("empty.jsonl", "", "").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("line 2: the scenario has no steps");
    }

    @Test
    void exitsOneNamingFileLineAndReasonOfAnInvalidPolicy() throws IOException {
        Path scenario = write("ok.jsonl", "{\"at\": \"2026-03-30T09:00:00Z\", \"tick\": true}");
        Path policy = write("policy.yml", "version: \"x\"", "timeZone: Mars/Olympus_Mons");

        SimulatorRun run = SimulatorRun.of("--policy", policy.toString(), scenario.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).startsWith("simulate: invalid policy: " + policy + ":");
    }

    @Test
    void exitsTwoOnABadCommandLine() throws IOException {
        Path scenario = write("ok.jsonl", "{\"at\": \"2026-03-30T09:00:00Z\", \"tick\": true}");

        assertThat(SimulatorRun.of()).satisfies(run -> {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.stderr()).contains("SCENARIO is required").contains("usage: incident-engine simulate");
        });
        assertThat(SimulatorRun.of("--speed", "2", scenario.toString()).stderr()).contains("unknown option --speed");
        assertThat(SimulatorRun.of("--until", "tomorrow", scenario.toString()))
                .satisfies(run -> assertThat(run.exitCode()).isEqualTo(2))
                .satisfies(run -> assertThat(run.stderr()).contains("--until is not an ISO-8601 UTC time"));
        assertThat(SimulatorRun.of("--until", "2026-03-30T08:00:00Z", scenario.toString()))
                .satisfies(run -> assertThat(run.exitCode()).isEqualTo(2))
                .satisfies(run -> assertThat(run.stderr()).contains("--until 2026-03-30T08:00:00Z is before the scenario's last step"));
        assertThat(SimulatorRun.of(dir.resolve("missing.jsonl").toString()))
                .satisfies(run -> assertThat(run.exitCode()).isEqualTo(2))
                .satisfies(run -> assertThat(run.stderr()).contains("cannot read"));
    }

    @Test
    void untilKeepsFiringClocksAtTheirDeadlinesAfterTheLastLine() throws IOException {
        Path scenario = write("p3.jsonl", "{\"at\": \"2026-03-30T09:00:00Z\", \"webhook\": {\"source\": \"report\","
                + " \"body\": {\"title\": \"CSV export times out\", \"component\": \"csv-export\", \"tenants\": [\"globex\"],"
                + " \"impact\": \"degraded\"}}}");

        SimulatorRun withoutUntil = SimulatorRun.of(scenario.toString());
        SimulatorRun run = SimulatorRun.of("--until", "2026-03-30T18:00:00Z", scenario.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(withoutUntil.lines()).noneMatch(line -> line.contains("\"topic\":\"escalations\""));
        List<JsonNode> escalations = run.lines().stream().map(SimulateMainTest::json)
                .filter(line -> line.get("topic").asText().equals("escalations")).toList();
        assertThat(escalations).singleElement().satisfies(line -> {
            assertThat(line.get("at").asText()).isEqualTo("2026-03-30T13:00:00Z");
            assertThat(line.at("/value/reason").asText()).isEqualTo("NO_PROGRESS");
            assertThat(line.at("/value/lateMillis").asLong()).isZero();
        });
        assertThat(run.lines()).startsWith(withoutUntil.lines().toArray(String[]::new));
    }

    @Test
    void runsTheEngineUnderThePolicyGivenWithPolicy() throws IOException {
        String shipped = new String(PolicyLoader.shippedBytes(), StandardCharsets.UTF_8);
        assertThat(shipped).contains("responseTime: 4h");
        Path policy = dir.resolve("one-hour-p3.yml");
        Files.writeString(policy, shipped.replace("responseTime: 4h", "responseTime: 1h"));
        Path scenario = write("p3.jsonl", "{\"at\": \"2026-03-30T09:00:00Z\", \"webhook\": {\"source\": \"report\","
                + " \"body\": {\"title\": \"CSV export times out\", \"component\": \"csv-export\", \"tenants\": [\"globex\"],"
                + " \"impact\": \"degraded\"}}}");

        SimulatorRun run = SimulatorRun.of("--policy", policy.toString(), "--until", "2026-03-30T18:00:00Z", scenario.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.lines().stream().map(SimulateMainTest::json)
                .filter(line -> line.get("topic").asText().equals("escalations")))
                .singleElement().satisfies(line -> assertThat(line.get("at").asText()).isEqualTo("2026-03-30T10:00:00Z"));
        assertThat(json(run.lines().get(0)).at("/value/policyVersion").asText())
                .isNotEqualTo(PolicyLoader.shipped().version());
    }

    @Test
    void runsAScenarioWithOnlyTicksToNothing() throws IOException {
        Path scenario = write("quiet.jsonl",
                "{\"at\": \"2026-03-30T09:00:00Z\", \"tick\": true}",
                "{\"at\": \"2026-03-30T10:00:00Z\", \"tick\": true}");

        SimulatorRun run = SimulatorRun.of("--until", "2026-03-31T09:00:00Z", scenario.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEmpty();
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, java.util.List.of(lines), StandardCharsets.UTF_8);
        return file;
    }
}
