package io.agentix.incident.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs every scenario under {@code escalation-streams/src/test/resources/scenarios} through
 * {@link SimulateMain} and compares its output with {@code <name>.expected.jsonl}, line by line as
 * JSON. {@code -Dscenarios.update=true} rewrites the expected files from the actual output instead:
 * review every changed line against the runbook before committing it, an expected file is a claim
 * about behaviour.
 */
class ScenarioFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXPECTED_SUFFIX = ".expected.jsonl";

    @TestFactory
    Stream<DynamicTest> everyScenarioWritesExactlyItsExpectedOutput() throws IOException {
        return scenarios().stream().map(scenario -> DynamicTest.dynamicTest(name(scenario), () -> check(scenario)));
    }

    @Test
    void thereIsAScenarioForEveryRunbookRule() throws IOException {
        assertThat(scenarios().stream().map(ScenarioFilesTest::name)).contains(
                "p1-all-tenants-pages-everyone-and-escalates-to-cto",
                "p2-core-component-escalates-to-team-lead",
                "p3-single-tenant-no-progress-escalates-to-on-call",
                "p3-blocked-escalates-at-once",
                "p4-cosmetic-never-pages",
                "second-tenant-raises-p3-to-p2",
                "dedup-retry-and-grouping",
                "correlation-by-component-within-window",
                "on-call-is-last-deployer",
                "customer-notices-p1",
                "resolve-verify-close",
                "reopen-within-verification",
                "postmortem-scheduled-and-reminder",
                "invalid-command-rejected");
    }

    /** The fields issue 4's simulator contract names, per output topic: every line must carry them. */
    private static final Map<String, List<String>> CONTRACT_FIELDS = Map.of(
            "incidents", List.of("incidentId", "status", "severity", "title", "tenants", "components", "detectedAt",
                    "escalationLevel", "severityReasons", "alertCount", "onCall"),
            "escalations", List.of("incidentId", "severity", "level", "toRole", "reason"),
            "notifications", List.of("notificationId", "incidentId", "kind", "channel", "audience", "recipientRole",
                    "recipients", "subject", "body"),
            "incident-timeline", List.of("incidentId", "sequence", "at", "type", "summary"));

    @Test
    void everyExpectedLineHasTheShapeAndFieldsOfTheSimulatorContract() throws IOException {
        for (Path scenario : scenarios()) {
            Path expected = scenario.resolveSibling(name(scenario) + EXPECTED_SUFFIX);
            List<String> lines = Files.readAllLines(expected, StandardCharsets.UTF_8);
            assertThat(lines).as(expected.getFileName().toString()).isNotEmpty();
            for (String line : lines) {
                JsonNode record = JSON.readTree(line);
                assertThat(record.fieldNames()).toIterable().as(line).containsExactly("at", "topic", "key", "value");
                assertThat(java.time.Instant.parse(record.get("at").asText())).isNotNull();
                List<String> fields = CONTRACT_FIELDS.get(record.get("topic").asText());
                assertThat(fields).as("topic of " + line).isNotNull();
                assertThat(record.get("value").fieldNames()).toIterable().as(line).containsAll(fields);
                assertThat(record.get("key").asText()).isEqualTo(record.at("/value/incidentId").asText());
            }
        }
    }

    private static void check(Path scenario) throws IOException {
        SimulatorRun run = SimulatorRun.of(scenario.toString());
        assertThat(run.exitCode()).as("exit code of %s; stderr:%n%s", scenario.getFileName(), run.stderr()).isZero();
        List<String> actual = run.lines();
        Path expectedFile = scenario.resolveSibling(name(scenario) + EXPECTED_SUFFIX);
        if (Boolean.getBoolean("scenarios.update")) {
            Files.write(expectedFile, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(expectedFile)) {
            fail(expectedFile + " is missing; write it with -Dscenarios.update=true and review it line by line");
        }
        List<String> expected = Files.readAllLines(expectedFile, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();
        String difference = firstDifference(expected, actual);
        if (difference != null) {
            fail(scenario.getFileName() + " does not write what " + expectedFile.getFileName() + " expects:\n" + difference
                    + "\n(if the change is intended, rerun with -Dscenarios.update=true and review the diff)");
        }
    }

    /** Null when equal as JSON line by line, else where and how they first differ. */
    static String firstDifference(List<String> expected, List<String> actual) throws JsonProcessingException {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            JsonNode want = JSON.readTree(expected.get(i));
            JsonNode got = JSON.readTree(actual.get(i));
            if (!want.equals(got)) {
                return "output line " + (i + 1) + " differs" + fieldDifferences(want, got) + "\n  expected: "
                        + expected.get(i) + "\n  actual:   " + actual.get(i);
            }
        }
        if (expected.size() != actual.size()) {
            boolean missing = actual.size() < expected.size();
            List<String> extra = missing ? expected.subList(actual.size(), expected.size())
                    : actual.subList(expected.size(), actual.size());
            return (missing ? "output ends after " : "output goes on after ") + Math.min(expected.size(), actual.size())
                    + " lines; " + (missing ? "missing" : "unexpected") + " lines:\n  " + String.join("\n  ", extra);
        }
        return null;
    }

    /** The paths of the leaves that differ, so a long line's change is found at a glance. */
    private static String fieldDifferences(JsonNode want, JsonNode got) {
        List<String> paths = new ArrayList<>();
        collectDifferences("$", want, got, paths);
        return paths.isEmpty() ? "" : " at " + String.join(", ", paths.subList(0, Math.min(paths.size(), 10)))
                + (paths.size() > 10 ? " and " + (paths.size() - 10) + " more" : "");
    }

    private static void collectDifferences(String path, JsonNode want, JsonNode got, List<String> paths) {
        if (want.equals(got)) {
            return;
        }
        if (want.isObject() && got.isObject()) {
            List<String> names = new ArrayList<>();
            want.fieldNames().forEachRemaining(names::add);
            got.fieldNames().forEachRemaining(name -> {
                if (!names.contains(name)) {
                    names.add(name);
                }
            });
            for (String name : names) {
                JsonNode w = want.path(name);
                JsonNode g = got.path(name);
                collectDifferences(path + "." + name, w, g, paths);
            }
        } else if (want.isArray() && got.isArray() && want.size() == got.size()) {
            for (int i = 0; i < want.size(); i++) {
                collectDifferences(path + "[" + i + "]", want.get(i), got.get(i), paths);
            }
        } else {
            paths.add(path + " (" + abbreviate(want) + " -> " + abbreviate(got) + ")");
        }
    }

    private static String abbreviate(JsonNode node) {
        String text = node.isMissingNode() ? "absent" : node.toString();
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }

    static List<Path> scenarios() throws IOException {
        Path dir = Path.of(System.getProperty("scenarios.dir", "../escalation-streams/src/test/resources/scenarios"));
        assertThat(dir).as("scenario directory").isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .filter(f -> !f.getFileName().toString().endsWith(EXPECTED_SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    private static String name(Path scenario) {
        String file = scenario.getFileName().toString();
        return file.substring(0, file.length() - ".jsonl".length());
    }
}
