package io.agentix.incident.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.escalation.topology.ClockKeys;
import io.agentix.incident.escalation.topology.IndexKeys;
import io.agentix.incident.escalation.topology.EscalationTopology;
import io.agentix.incident.escalation.topology.EscalationTopologyConfig;
import io.agentix.incident.escalation.topology.StoreNames;
import io.agentix.incident.escalation.topology.StoreType;
import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.ingest.core.Normalized;
import io.agentix.incident.registry.MockSchemaRegistry;
import io.agentix.incident.serde.AvroSerdeConfig;
import io.agentix.incident.simulator.scenario.CommandStep;
import io.agentix.incident.simulator.scenario.IncidentRef;
import io.agentix.incident.simulator.scenario.ScenarioException;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpecs;

/**
 * Runs the real escalation topology on a {@link TopologyTestDriver} whose wall clock the scenario
 * drives, and hands every output record to a consumer in the order the engine wrote it.
 *
 * <p>Clocks: the engine keeps its deadlines in the {@link StoreNames#INDEX} store, namespace
 * {@link IndexKeys#CLOCKS}, under keys that sort by deadline, and fires the due ones from a wall-clock punctuation. To fire each clock at its
 * own deadline (not at whatever time the next scenario line happens to be), {@link #advanceTo}
 * moves the wall clock from deadline to deadline: it reads the first clock key of the store and, while
 * that deadline is not after the target, advances the clock exactly to it, so the punctuation fires
 * that clock with no lateness. The punctuation runs every millisecond here (in production every
 * second), so any deadline is a punctuation time. The stores are the in-memory variant the topology
 * offers for driver runs: same keys, same order, without opening a RocksDB per store on every run.
 */
public final class ScenarioRunner implements AutoCloseable {

    /** The engine's clock check period in the simulator: every millisecond, so each deadline is a punctuation time. */
    static final Duration CLOCK_CHECK_INTERVAL = Duration.ofMillis(1);

    private final String registryScope;
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final OutputTap tap;
    private final Consumer<OutputRecord> out;
    private final TestInputTopic<String, AlertEvent> alerts;
    private final TestInputTopic<String, DeploymentEvent> deployments;
    private final TestInputTopic<String, IncidentCommand> commands;
    private final KeyValueStore<String, ?> clocks;
    private final String incidentsTopic;
    /** Distinct incident ids in the order they first appeared on {@code incidents}: {@code #N} is the N-th. */
    private final List<String> incidentsOpened = new ArrayList<>();
    private Instant now;

    /**
     * @param policy the policy the engine runs
     * @param start the driver's initial wall-clock time (the scenario's first {@code at})
     * @param out receives every output record, in write order
     */
    public ScenarioRunner(Policy policy, Instant start, Consumer<OutputRecord> out) {
        this(EngineTopics.forPolicy(Objects.requireNonNull(policy, "policy")), start, out);
    }

    private ScenarioRunner(EngineTopics engine, Instant start, Consumer<OutputRecord> out) {
        this(engine.topology(), engine.specs(), engine.registryScope(), start, out);
    }

    /** The shipped topic catalog on a fresh in-memory registry, and the escalation topology over it. */
    private record EngineTopics(String registryScope, TopicSpecs specs, Topology topology) {
        static EngineTopics forPolicy(Policy policy) {
            String scope = "simulator-" + UUID.randomUUID();
            TopicSpecs specs = specsOn(scope);
            return new EngineTopics(scope, specs,
                    EscalationTopology.build(new EscalationTopologyConfig(specs, policy, CLOCK_CHECK_INTERVAL,
                            StoreType.IN_MEMORY)));
        }
    }

    /**
     * Runs {@code topology}, which must keep its clocks as the escalation topology does (a
     * {@link StoreNames#INDEX} store with clocks under {@link IndexKeys#CLOCKS} + {@link ClockKeys} keys): for tests of the runner itself.
     */
    ScenarioRunner(Topology topology, TopicSpecs topics, String registryScope, Instant start, Consumer<OutputRecord> out) {
        this.now = Objects.requireNonNull(start, "start");
        this.out = Objects.requireNonNull(out, "out");
        this.registryScope = registryScope;
        Map<String, Deserializer<? extends SpecificRecord>> outputs = new LinkedHashMap<>();
        outputs.put(topics.incidents().name(), topics.incidents().valueDeserializer());
        outputs.put(topics.timeline().name(), topics.timeline().valueDeserializer());
        outputs.put(topics.escalations().name(), topics.escalations().valueDeserializer());
        outputs.put(topics.notifications().name(), topics.notifications().valueDeserializer());
        this.incidentsTopic = topics.incidents().name();
        this.tap = new OutputTap(outputs);
        try {
            this.stateDir = Files.createTempDirectory("incident-simulator-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the test driver", e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "incident-simulator");
        // Never contacted: the test driver has no broker.
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "simulator.invalid:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        this.driver = new TopologyTestDriver(topology, props, start);
        tap.attachTo(driver);
        this.alerts = driver.createInputTopic(topics.alerts().name(),
                topics.alerts().keySerializer(), topics.alerts().valueSerializer());
        this.deployments = driver.createInputTopic(topics.deployments().name(),
                topics.deployments().keySerializer(), topics.deployments().valueSerializer());
        this.commands = driver.createInputTopic(topics.incidentCommands().name(),
                topics.incidentCommands().keySerializer(), topics.incidentCommands().valueSerializer());
        this.clocks = driver.getKeyValueStore(StoreNames.INDEX);
        if (clocks == null) {
            throw new IllegalStateException("the topology has no key-value store named " + StoreNames.INDEX
                    + ": the simulator cannot find the engine's clocks");
        }
        emit(); // whatever the topology wrote while starting
    }

    /** The current wall-clock time of the driver. */
    public Instant now() {
        return now;
    }

    /**
     * Moves the wall clock to {@code target}, firing every clock due on the way at its own deadline,
     * in deadline order. A clock already overdue (set at or before the current time) fires at the
     * next punctuation, 1 ms later, as it would in production at the next check.
     */
    public void advanceTo(Instant target) {
        if (target.isBefore(now)) {
            throw new IllegalArgumentException("time cannot go back: now " + now + ", asked for " + target);
        }
        Optional<String> first;
        while ((first = firstClockKey()).isPresent()) {
            Instant deadline = ClockKeys.deadlineOf(first.get());
            Instant fireAt = deadline.isAfter(now) ? deadline : now.plus(CLOCK_CHECK_INTERVAL);
            if (fireAt.isAfter(target)) {
                break;
            }
            advanceWallClock(fireAt);
            if (first.equals(firstClockKey())) {
                throw new IllegalStateException("the clock " + first.get() + " (due " + deadline
                        + ") was not fired by the punctuation at " + now + ": the engine must delete a clock it fires");
            }
        }
        if (target.isAfter(now)) {
            advanceWallClock(target);
        }
    }

    /** Publishes what one webhook produced, as the ingest service would: alerts keyed by dedup key, deploys by service. */
    public void deliver(Normalized normalized, Instant at) {
        for (AlertEvent alert : normalized.alerts()) {
            alerts.pipeInput(alert.getDedupKey(), alert, at);
            emit();
        }
        for (DeploymentEvent deployment : normalized.deployments()) {
            deployments.pipeInput(deployment.getService(), deployment, at);
            emit();
        }
    }

    /**
     * Publishes a command as the operator API would, with the deterministic id {@code sim-<line>}.
     *
     * @throws ScenarioException when it names {@code #N} and fewer than N incidents were opened so far
     */
    public void command(CommandStep step) throws ScenarioException {
        String incidentId = resolve(step.line(), step.incident());
        IncidentCommand command = IncidentCommand.newBuilder()
                .setCommandId("sim-" + step.line())
                .setIncidentId(incidentId)
                .setAction(step.action())
                .setBy(step.by())
                .setIssuedAt(step.at())
                .setMessage(step.message())
                .setAssignee(step.assignee())
                .setSeverity(step.severity())
                .setReason(step.reason())
                .setRootCause(step.rootCause())
                .setImpact(step.impact())
                .setPrevention(step.prevention())
                .setSource("simulator")
                .build();
        commands.pipeInput(incidentId, command, step.at());
        emit();
    }

    /** Incident ids in the order they first appeared on {@code incidents}. */
    public List<String> incidentsOpened() {
        return List.copyOf(incidentsOpened);
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            MockSchemaRegistry.dropScope(registryScope);
            deleteRecursively(stateDir);
        }
    }

    private String resolve(int line, IncidentRef ref) throws ScenarioException {
        if (!ref.isOrdinal()) {
            return ref.incidentId();
        }
        if (ref.ordinal() > incidentsOpened.size()) {
            throw new ScenarioException(line, "command.incident: " + ref + " names the " + ordinal(ref.ordinal())
                    + " incident of this run, but " + (incidentsOpened.isEmpty() ? "none was"
                    : "only " + incidentsOpened.size() + (incidentsOpened.size() == 1 ? " was" : " were"))
                    + " opened by " + now);
        }
        return incidentsOpened.get(ref.ordinal() - 1);
    }

    private void advanceWallClock(Instant to) {
        driver.advanceWallClockTime(Duration.between(now, to));
        now = to;
        emit();
    }

    private Optional<String> firstClockKey() {
        return IndexKeys.firstClockKey(clocks);
    }

    private void emit() {
        for (OutputRecord record : tap.drain()) {
            if (record.topic().equals(incidentsTopic) && record.key() != null && !incidentsOpened.contains(record.key())) {
                incidentsOpened.add(record.key());
            }
            out.accept(record);
        }
    }

    /** The shipped topic catalog with serdes on the in-memory registry {@code mock://<scope>}. */
    static TopicSpecs specsOn(String registryScope) {
        return TopicSpecs.create(TopicCatalog.defaults(),
                Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, MockSchemaRegistry.URL_PREFIX + registryScope));
    }

    private static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th"
                : switch (n % 10) {
                    case 1 -> "st";
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> "th";
                };
        return n + suffix;
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless; the run's output is what matters.
        }
    }
}
