package io.agentix.incident.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentix.incident.ingest.auth.HmacSha256;

class NormalizeMainTest {

    private static final Instant NOW = Instant.parse("2026-03-02T17:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsOneAlertEventPerSignalWithTheContractFields() throws Exception {
        Path file = payload("sentry", "issue.created.json");
        String signature = new HmacSha256("s3cret").signHex(Files.readAllBytes(file));

        int exit = run("--source", "sentry", "--header", "Sentry-Hook-Resource: issue",
                "--header", "Sentry-Hook-Signature: " + signature, "--secret", "s3cret", "--account", "acme", file.toString());

        assertThat(exit).as(err()).isZero();
        List<JsonNode> lines = lines();
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.get("type").asText()).isEqualTo("AlertEvent");
            assertThat(line.get("source").asText()).isEqualTo("sentry");
            assertThat(line.get("kind").asText()).isEqualTo("TRIGGERED");
            assertThat(line.get("dedupKey").asText()).startsWith("sentry:acme:issue:");
            assertThat(line.get("occurredAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(line.has("title")).isTrue();
            assertThat(line.has("service")).isTrue();
            assertThat(line.has("environment")).isTrue();
            assertThat(line.get("severityHint").asText()).matches("P[1-4]");
        });
    }

    @Test
    void aBadSignatureExitsOneWithTheReasonAndPrintsNothing() throws Exception {
        int exit = run("--source", "sentry", "--header", "Sentry-Hook-Resource: issue",
                "--header", "Sentry-Hook-Signature: " + "0".repeat(64), "--secret", "s3cret",
                payload("sentry", "issue.created.json").toString());
        assertThat(exit).isEqualTo(1);
        assertThat(err()).contains("401").contains("Sentry-Hook-Signature does not match");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aMalformedBodyExitsOneNamingThePath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{\"event\":\"started\",\"data\":{\"attributes\":{\"name\":\"API\"}}}");
        assertThat(run("--source", "betterstack", file.toString())).isEqualTo(1);
        assertThat(err()).contains("400").contains("$.data.id: missing");
    }

    @Test
    void anIgnoredDeliveryPrintsNothingAndExitsZero() throws Exception {
        assertThat(run("--source", "github", "--header", "X-GitHub-Event: ping",
                payload("github", "ping.json").toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err()).contains("ignored");
    }

    @Test
    void aPushToMainIsADeploymentEvent() throws Exception {
        Path file = payload("github", "push-main.json");
        String signature = "sha256=" + new HmacSha256("gh").signHex(Files.readAllBytes(file));
        assertThat(run("--source", "github", "--header", "X-GitHub-Event: push",
                "--header", "X-Hub-Signature-256: " + signature, "--secret", "gh", file.toString())).as(err()).isZero();
        assertThat(lines()).singleElement().satisfies(line -> {
            assertThat(line.get("type").asText()).isEqualTo("DeploymentEvent");
            assertThat(line.get("mainBranch").asBoolean()).isTrue();
        });
    }

    @Test
    void aBadCommandLineExitsTwoWithUsage() {
        assertThat(run("--source", "nagios", "x.json")).isEqualTo(2);
        assertThat(err()).contains("unknown source 'nagios'").contains("usage:");
        assertThat(run("--source", "sentry")).isEqualTo(2);
        assertThat(err()).contains("FILE is required");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return NormalizeMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), NOW);
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static Path payload(String source, String name) throws URISyntaxException {
        return Path.of(NormalizeMainTest.class.getResource("/payloads/" + source + "/" + name).toURI());
    }
}
