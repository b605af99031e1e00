package io.agentix.incident.escalation.topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpec;
import io.agentix.incident.topics.TopicSpecs;

/**
 * The real topology on a {@link TopologyTestDriver} with an in-memory schema registry and a wall
 * clock the test moves: inputs are piped with explicit timestamps, outputs read per topic.
 */
final class EngineHarness implements AutoCloseable {

    static final String APPLICATION_ID = "escalation-streams";

    final TopicSpecs topics;
    final TopologyTestDriver driver;
    private final Path stateDir;
    private final TestInputTopic<String, AlertEvent> alerts;
    private final TestInputTopic<String, IncidentCommand> commands;
    private final TestInputTopic<String, DeploymentEvent> deployments;
    private final TestOutputTopic<String, Incident> incidents;
    private final TestOutputTopic<String, TimelineEntry> timeline;
    private final TestOutputTopic<String, Escalation> escalations;
    private final TestOutputTopic<String, Notification> notifications;
    private Instant wallClock;

    /** In-memory stores: RocksDB would cost more to open than most tests take. */
    EngineHarness(Policy policy, Instant wallClockStart) {
        this(policy, wallClockStart, StoreType.IN_MEMORY);
    }

    EngineHarness(Policy policy, Instant wallClockStart, StoreType storeType) {
        this(policy, wallClockStart, storeType, EscalationTopologyConfig.DEFAULT_CLOCK_CHECK_INTERVAL);
    }

    EngineHarness(Policy policy, Instant wallClockStart, StoreType storeType, Duration clockCheckInterval) {
        this(policy, wallClockStart, storeType, clockCheckInterval, OpenIncidents.none());
    }

    /** Counting open incidents in {@code openIncidents}, as the application does. */
    EngineHarness(Policy policy, Instant wallClockStart, StoreType storeType, Duration clockCheckInterval,
                  OpenIncidents openIncidents) {
        topics = TopicSpecs.create(TopicCatalog.defaults(),
                Map.of("schema.registry.url", "mock://harness-" + UUID.randomUUID()));
        try {
            stateDir = Files.createTempDirectory("escalation-harness");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(EscalationTopology.build(
                new EscalationTopologyConfig(topics, policy, clockCheckInterval, storeType, openIncidents)), config,
                wallClockStart);
        wallClock = wallClockStart;
        alerts = input(topics.alerts());
        commands = input(topics.incidentCommands());
        deployments = input(topics.deployments());
        incidents = output(topics.incidents());
        timeline = output(topics.timeline());
        escalations = output(topics.escalations());
        notifications = output(topics.notifications());
    }

    /** Pipes {@code alert} keyed by its dedup key, at its receivedAt (as ingest stamps it). */
    void alert(AlertEvent alert) {
        alerts.pipeInput(alert.getDedupKey(), alert, alert.getReceivedAt());
    }

    /** Pipes {@code command} keyed by its incident id, at its issuedAt. */
    void command(IncidentCommand command) {
        commands.pipeInput(command.getIncidentId(), command, command.getIssuedAt());
    }

    void deployment(DeploymentEvent deployment) {
        deployments.pipeInput(deployment.getService(), deployment, deployment.getReceivedAt());
    }

    /** Moves the wall clock to {@code instant} in one step, so a punctuation there sees every clock due by then. */
    void advanceWallClockTo(Instant instant) {
        Duration step = Duration.between(wallClock, instant);
        if (step.isNegative()) {
            throw new IllegalArgumentException("the wall clock is at " + wallClock + "; cannot go back to " + instant);
        }
        driver.advanceWallClockTime(step);
        wallClock = instant;
    }

    Instant wallClock() {
        return wallClock;
    }

    List<TestRecord<String, Incident>> incidents() {
        return incidents.readRecordsToList();
    }

    List<TestRecord<String, TimelineEntry>> timeline() {
        return timeline.readRecordsToList();
    }

    List<TestRecord<String, Escalation>> escalations() {
        return escalations.readRecordsToList();
    }

    List<TestRecord<String, Notification>> notifications() {
        return notifications.readRecordsToList();
    }

    <V> KeyValueStore<String, V> store(String name) {
        return driver.getKeyValueStore(name);
    }

    @Override
    public void close() {
        driver.close();
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <V> TestInputTopic<String, V> input(TopicSpec<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerializer(), topic.valueSerializer());
    }

    private <V> TestOutputTopic<String, V> output(TopicSpec<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keyDeserializer(), topic.valueDeserializer());
    }
}
