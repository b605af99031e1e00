package io.agentix.incident.escalation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.agentix.incident.escalation.EscalationApplication;
import io.agentix.incident.escalation.EscalationConfiguration;
import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.TestEvents;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;

/**
 * The CLI against the whole escalation-streams app (shipped policy, real topology, operator API over
 * real HTTP) on a real broker: incidents opened by alerts are listed, shown and acted on through
 * {@code incidents ...}, and {@code watch} tails what the engine writes to {@code escalations},
 * {@code notifications} and {@code incidents}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorCliTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final String REGISTRY = "mock://operator-cli-test";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String P1_TITLE = "Inbox down for every tenant";

    private static final int PORT = FreePorts.pick();
    private static final DropwizardAppExtension<EscalationConfiguration> APP = new DropwizardAppExtension<>(
            EscalationApplication.class, ResourceHelpers.resourceFilePath("operator-api-test.yml"),
            ConfigOverride.config("kafka.bootstrapServers", () -> KAFKA.cluster().bootstrapServers()),
            ConfigOverride.config("schemaRegistry.url", REGISTRY),
            ConfigOverride.config("streams.applicationId", "operator-cli-test"),
            ConfigOverride.config("streams.stateDir", OperatorCliTest::stateDir),
            // The instance names itself to interactive queries by this address: the port must be known up front.
            ConfigOverride.config("server.applicationConnectors[0].port", String.valueOf(PORT)),
            ConfigOverride.config("streams.applicationServer", "localhost:" + PORT));

    private static KafkaProducer<String, AlertEvent> alerts;
    private static TopicSpecs topics;
    private static Map<String, String> env;
    private static String p1;

    @BeforeAll
    static void start() throws Exception {
        APP.before();
        env = Map.of("INCIDENT_ENGINE_API", "http://localhost:" + APP.getLocalPort(),
                "KAFKA_BOOTSTRAP_SERVERS", KAFKA.cluster().bootstrapServers(), "SCHEMA_REGISTRY_URL", REGISTRY);
        topics = TopicSpecs.create(TopicCatalog.defaults(), Map.of("schema.registry.url", REGISTRY));
        alerts = new KafkaProducer<>(KAFKA.cluster().producerConfig(), topics.alerts().keySerializer(),
                topics.alerts().valueSerializer());
        // The API answers 503 until streams runs; the CLI says so and exits 1.
        await("streams running").atMost(Duration.ofSeconds(60)).until(() -> new CliRun(env).run("incidents") == 0);
    }

    @AfterAll
    static void stop() {
        if (alerts != null) {
            alerts.close();
        }
        APP.after();
    }

    @Test
    @Order(1)
    void aNewIncidentIsARowOfTheListAndShowPrintsItsFactsTimelineAndPages() {
        p1 = open("cli-inbox-all-down", P1_TITLE, "inbox", List.of(), true, Impact.OUTAGE);

        CliRun list = new CliRun(env);
        assertThat(list.run("incidents", "--severity", "P1")).as(list.err()).isZero();
        String row = list.out().lines().filter(line -> line.startsWith(p1)).findFirst().orElseThrow();
        assertThat(row.split("\\s{2,}")).satisfies(cells -> {
            assertThat(cells[1]).isEqualTo("P1");
            assertThat(cells[2]).isEqualTo("OPEN");
            assertThat(cells[4]).matches("\\d+m \\d\\ds left");
            assertThat(cells[7]).isEqualTo("all tenants");
            assertThat(cells[8]).isEqualTo(P1_TITLE);
        });
        assertThat(list.out()).startsWith("ID ").contains("(status OPEN,ACKNOWLEDGED,MITIGATED, severity P1; newest first)");

        await("the opening pages of " + p1).atMost(WAIT).untilAsserted(() -> {
            CliRun show = new CliRun(env);
            assertThat(show.run("incidents", "show", p1)).as(show.err()).isZero();
            assertThat(show.out()).startsWith(p1 + "  P1 OPEN  " + P1_TITLE + "\n")
                    .contains("  tenants ").contains("all tenants")
                    .containsPattern("\n  \\d\\d:\\d\\d:\\d\\d  OPENED +\\S")
                    .containsPattern("\n  \\d\\d:\\d\\d:\\d\\d  \\w+ +PAGE on-call \\(");
        });
    }

    @Test
    @Order(2)
    void aCommandNeedsATokenAndIsThenAcceptedWithItsCommandId() {
        CliRun anonymous = new CliRun(env);
        assertThat(anonymous.run("incidents", "ack", p1)).isEqualTo(OperatorCli.FAILED);
        assertThat(anonymous.err()).contains("acknowledge " + p1 + ": not authorized (401): missing Authorization: Bearer"
                + " <token> header; pass --token TOKEN");

        CliRun alice = new CliRun(env);
        assertThat(alice.run("incidents", "ack", p1, "--token", "alice-token", "--message", "looking into it"))
                .as(alice.err()).isZero();
        assertThat(alice.out()).containsPattern("^accepted: acknowledge " + p1 + " by alice \\(command [0-9a-f-]{36}\\)\n");

        await("acknowledged").atMost(WAIT).untilAsserted(() -> {
            CliRun list = new CliRun(env);
            assertThat(list.run("incidents", "--status", "ACKNOWLEDGED")).isZero();
            assertThat(list.out()).containsPattern("(?m)^" + p1 + " +P1 +ACKNOWLEDGED ");
        });
    }

    @Test
    @Order(3)
    void aRefusedCommandOrAnUnknownIncidentExitsWith1AndTheApisReason() {
        String p3 = open("cli-csv-acme", "CSV export fails for acme", "csv-export", List.of("acme"), false, Impact.DEGRADED);
        CliRun dismiss = new CliRun(env);
        assertThat(dismiss.run("incidents", "dismiss", p3, "--reason", "false positive", "--token", "bob-token"))
                .as(dismiss.err()).isZero();
        await("dismissed").atMost(WAIT).until(() -> {
            CliRun show = new CliRun(env);
            return show.run("incidents", "show", p3) == 0 && show.out().startsWith(p3 + "  P3 DISMISSED");
        });

        CliRun resolve = new CliRun(env);
        int status = resolve.run("incidents", "resolve", p3, "--root-cause", "none", "--impact", "none", "--prevention",
                "none", "--token", "bob-token");
        CliRun unknown = new CliRun(env);
        int unknownStatus = unknown.run("incidents", "show", "INC-20000101-9999");

        assertThat(status).isEqualTo(OperatorCli.FAILED);
        assertThat(resolve.err()).isEqualTo("incident-engine: resolve " + p3 + ": refused (409): " + p3
                + " is DISMISSED: resolve needs OPEN, ACKNOWLEDGED or MITIGATED\n");
        assertThat(resolve.out()).isEmpty();
        assertThat(unknownStatus).isEqualTo(OperatorCli.FAILED);
        assertThat(unknown.err()).contains("not found (404): no incident INC-20000101-9999");
    }

    @Test
    @Order(4)
    void watchFromTheBeginningShowsTheEscalationAndThePagesTheEngineWrote() throws Exception {
        CliRun escalate = new CliRun(env);
        assertThat(escalate.run("incidents", "escalate", p1, "--message", "needs the CTO", "--token", "alice-token"))
                .as(escalate.err()).isZero();

        CliRun watch = new CliRun(env);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> watch.run("watch", "--from-beginning"));
        try {
            await("the escalation and the pages").atMost(WAIT).untilAsserted(() -> assertThat(watch.out())
                    .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d P1 " + p1 + " ESCALATED to cto \\(Mira Okafor\\) \\[level 1\\]: "
                            + "escalated by alice.*needs the CTO$")
                    .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d P1 " + p1 + " PAGE on-call \\(.+\\): .*" + P1_TITLE)
                    .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d P1 " + p1 + " PAGE cto \\(Mira Okafor\\): ")
                    .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d P1 " + p1 + " EMAIL customers of Acme GmbH \\(\\S+@acme\\.example"));
        } finally {
            watch.cli.stopWatching();
        }
        assertThat(exit.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(watch.err()).contains("watching escalations, notifications on " + KAFKA.cluster().bootstrapServers()
                + " from the beginning");
    }

    @Test
    @Order(5)
    void watchWithoutFromBeginningShowsOnlyWhatHappensAfterItStartsAndSkipsWhatItCannotDecode() throws Exception {
        CliRun watch = new CliRun(env);
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> watch.run("watch", "--incidents", "--count", "1"));
        await("positioned").atMost(WAIT).until(() -> watch.err().contains("watching"));

        // Not in the Confluent wire format: said on stderr and skipped, the watch goes on.
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(KAFKA.cluster().producerConfig(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(topics.notifications().name(), "not avro".getBytes(StandardCharsets.UTF_8))).get();
        }
        await("the bad record skipped").atMost(WAIT).until(() -> watch.err().contains("skipping "));
        CliRun update = new CliRun(env);
        assertThat(update.run("incidents", "update", p1, "--message", "Rolling back the deploy", "--token", "alice-token"))
                .as(update.err()).isZero();

        assertThat(exit.get(30, TimeUnit.SECONDS)).as(watch.err()).isZero();
        assertThat(watch.out().lines().toList()).singleElement().asString()
                .matches("\\d\\d:\\d\\d:\\d\\d P1 " + p1 + " INCIDENT ACKNOWLEDGED v\\d+, level 1, on-call \\S+.*: "
                        + P1_TITLE);
        assertThat(watch.err()).containsPattern("skipping " + topics.notifications().name() + "-\\d+@\\d+: cannot decode");
    }

    // ---- helpers ----

    private static String stateDir() {
        try {
            // Under target/: the OS temp directory may be cleaned under a running instance.
            return Files.createTempDirectory(Files.createDirectories(Path.of("target")), "operator-cli-state").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one triggering alert, received now, and returns the id of the incident the CLI lists for it. */
    private static String open(String dedupKey, String title, String component, List<String> tenants,
                               boolean allTenants, Impact impact) {
        Instant now = Instant.now();
        AlertEvent alert = TestEvents.anAlert().setEventId("evt-" + dedupKey).setDedupKey("test:" + dedupKey)
                .setTitle(title).setComponent(component).setTenants(tenants).setAllTenants(allTenants)
                .setImpact(impact).setSeverityHint(null).setSeverityHintReason(null)
                .setOccurredAt(now).setReceivedAt(now).build();
        try {
            alerts.send(new ProducerRecord<>(topics.alerts().name(), null, now.toEpochMilli(), alert.getDedupKey(), alert))
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not send the alert " + dedupKey, e.getCause());
        }
        String[] id = new String[1];
        await("incident for " + title).atMost(WAIT).until(() -> {
            CliRun list = new CliRun(env);
            if (list.run("incidents", "--all") != 0) {
                return false;
            }
            list.out().lines().filter(line -> line.endsWith("  " + title)).findFirst()
                    .ifPresent(line -> id[0] = line.substring(0, line.indexOf(' ')));
            return id[0] != null;
        });
        return id[0];
    }
}
