package io.agentix.incident.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agentix.incident.escalation.core.ClockType;
import io.agentix.incident.escalation.topology.ClockKeys;
import io.agentix.incident.escalation.topology.IndexKeys;
import io.agentix.incident.escalation.topology.StoreNames;
import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.TestEvents;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;
import io.agentix.incident.simulator.scenario.CommandStep;
import io.agentix.incident.simulator.scenario.IncidentRef;
import io.agentix.incident.simulator.scenario.ScenarioException;
import io.agentix.incident.topics.TopicSpecs;

/**
 * The runner's clock loop and output order, on a small topology that keeps clocks the way the
 * engine does (store {@link StoreNames#INDEX}, {@link IndexKeys#CLOCKS} + {@link ClockKeys} keys, a wall-clock punctuation
 * that deletes and reports every due clock), so these tests do not depend on the engine's rules.
 *
 * <p>The toy processor reads commands: {@code update} with message {@code "clock +15m"} sets a
 * clock 15 minutes after the command, {@code "clock +0m"} one due at once; {@code "burst"} writes
 * what the engine writes for one decision (incident, three timeline entries, an escalation, two
 * notifications), {@code "burst reversed"} the same backwards. A fired clock writes a timeline entry
 * whose summary is its key.
 */
class ScenarioRunnerClockTest {

    private static final Instant START = Instant.parse("2026-03-30T09:00:00Z");

    private final String scope = "runner-test-" + UUID.randomUUID();
    private final TopicSpecs topics = ScenarioRunner.specsOn(scope);
    private final List<OutputRecord> written = new ArrayList<>();
    private ScenarioRunner runner;

    @AfterEach
    void close() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void firesEachClockAtItsOwnDeadlineInDeadlineOrderNotAtTheNextLine() throws ScenarioException {
        runner = new ScenarioRunner(toyTopology(), topics, scope, START, written::add);
        command(START, "clock +15m");
        command(START.plusSeconds(60), "clock +4m");   // due 09:05
        command(START.plusSeconds(120), "clock +57m"); // due 09:59

        runner.advanceTo(Instant.parse("2026-03-30T09:30:00Z"));

        assertThat(fired()).containsExactly(
                KeyValue.pair(Instant.parse("2026-03-30T09:05:00Z"), "09:05"),
                KeyValue.pair(Instant.parse("2026-03-30T09:15:00Z"), "09:15"));
        assertThat(runner.now()).isEqualTo(Instant.parse("2026-03-30T09:30:00Z"));

        runner.advanceTo(Instant.parse("2026-03-30T11:00:00Z"));

        assertThat(fired()).containsExactly(
                KeyValue.pair(Instant.parse("2026-03-30T09:05:00Z"), "09:05"),
                KeyValue.pair(Instant.parse("2026-03-30T09:15:00Z"), "09:15"),
                KeyValue.pair(Instant.parse("2026-03-30T09:59:00Z"), "09:59"));
    }

    @Test
    void firesAClockDueExactlyAtTheTargetButNotOneDueAMillisecondLater() throws ScenarioException {
        runner = new ScenarioRunner(toyTopology(), topics, scope, START, written::add);
        command(START, "clock +10m");
        command(START.plusMillis(1), "clock +10m");

        runner.advanceTo(Instant.parse("2026-03-30T09:10:00Z"));

        assertThat(fired()).extracting(f -> f.key).containsExactly(Instant.parse("2026-03-30T09:10:00Z"));
    }

    @Test
    void firesAClockAlreadyDueWhenSetAtTheNextPunctuationOnceTimeMoves() throws ScenarioException {
        runner = new ScenarioRunner(toyTopology(), topics, scope, START, written::add);
        runner.advanceTo(START.plusSeconds(60));
        command(START.plusSeconds(60), "clock +0m");

        runner.advanceTo(START.plusSeconds(60));
        assertThat(fired()).as("time did not move: nothing can fire").isEmpty();

        runner.advanceTo(START.plusSeconds(120));
        assertThat(fired()).extracting(f -> f.key).containsExactly(START.plusSeconds(60).plusMillis(1));
    }

    @Test
    void keepsTheOrderTheTopologyWroteInAcrossTopics() throws ScenarioException {
        runner = new ScenarioRunner(toyTopology(), topics, scope, START, written::add);

        command(START, "burst");
        command(START, "burst reversed");

        List<String> engineOrder = List.of(topics.incidents().name(), topics.timeline().name(), topics.timeline().name(),
                topics.timeline().name(), topics.escalations().name(), topics.notifications().name(),
                topics.notifications().name());
        List<String> both = new ArrayList<>(engineOrder);
        List<String> reversed = new ArrayList<>(engineOrder);
        java.util.Collections.reverse(reversed);
        both.addAll(reversed);
        assertThat(written).extracting(OutputRecord::topic).containsExactlyElementsOf(both);
        assertThat(written).extracting(OutputRecord::at).containsOnly(START);
        assertThat(written).extracting(OutputRecord::key).containsOnly("INC-1");
    }

    @Test
    void refusesToGoBackInTime() {
        runner = new ScenarioRunner(toyTopology(), topics, scope, START, written::add);
        runner.advanceTo(START.plusSeconds(10));

        assertThatThrownBy(() -> runner.advanceTo(START.plusSeconds(9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("time cannot go back");
    }

    @Test
    void namesAnOrdinalNotOpenedYet() {
        runner = new ScenarioRunner(toyTopology(), topics, scope, START, written::add);

        assertThatThrownBy(() -> runner.command(new CommandStep(7, START, IncidentRef.ordinal(2), CommandAction.ACKNOWLEDGE,
                "alice", null, null, null, null, null, null, null)))
                .isInstanceOf(ScenarioException.class)
                .hasMessage("line 7: command.incident: #2 names the 2nd incident of this run, but none was opened by "
                        + START);
    }

    private void command(Instant at, String message) throws ScenarioException {
        runner.command(new CommandStep(1, at, IncidentRef.id("INC-1"), CommandAction.UPDATE, "alice", message,
                null, null, null, null, null, null));
    }

    /** (record time, deadline as HH:mm) of every clock the toy topology reported firing. */
    private List<KeyValue<Instant, String>> fired() {
        return written.stream()
                .filter(r -> r.value() instanceof TimelineEntry entry && entry.getType() == TimelineType.CLOCK_FIRED)
                .map(r -> KeyValue.pair(r.at(), ((TimelineEntry) r.value()).getSummary().toString()))
                .map(kv -> KeyValue.pair(kv.key, ClockKeys.deadlineOf(kv.value).toString().substring(11, 16)))
                .toList();
    }

    private Topology toyTopology() {
        Topology topology = new Topology();
        topology.addSource("commands", Serdes.String().deserializer(), topics.incidentCommands().valueDeserializer(),
                topics.incidentCommands().name());
        topology.addProcessor("toy", () -> new ToyClocks(), "commands");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.INDEX),
                Serdes.String(), Serdes.String()), "toy");
        topology.addSink("incidents", topics.incidents().name(), topics.incidents().keySerializer(),
                topics.incidents().valueSerializer(), "toy");
        topology.addSink("timeline", topics.timeline().name(), topics.timeline().keySerializer(),
                topics.timeline().valueSerializer(), "toy");
        topology.addSink("escalations", topics.escalations().name(), topics.escalations().keySerializer(),
                topics.escalations().valueSerializer(), "toy");
        topology.addSink("notifications", topics.notifications().name(), topics.notifications().keySerializer(),
                topics.notifications().valueSerializer(), "toy");
        return topology;
    }

    private static final class ToyClocks implements Processor<String, SpecificRecord, String, SpecificRecord> {
        private ProcessorContext<String, SpecificRecord> context;
        private KeyValueStore<String, String> clocks;

        @Override
        public void init(ProcessorContext<String, SpecificRecord> context) {
            this.context = context;
            this.clocks = context.getStateStore(StoreNames.INDEX);
            context.schedule(ScenarioRunner.CLOCK_CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::fire);
        }

        @Override
        public void process(Record<String, SpecificRecord> record) {
            String message = String.valueOf(((io.agentix.incident.events.IncidentCommand) record.value()).getMessage());
            Instant at = Instant.ofEpochMilli(record.timestamp());
            if (message.startsWith("clock +")) {
                Duration delay = Duration.ofMinutes(Long.parseLong(message.replaceAll("\\D", "")));
                clocks.put(IndexKeys.CLOCKS + ClockKeys.key(at.plus(delay), record.key(), ClockType.values()[0]), "1");
            } else if (message.startsWith("burst")) {
                // What the engine writes for one decision: the incident, its timeline, escalations, notifications.
                List<KeyValue<String, SpecificRecord>> burst = new ArrayList<>(List.of(
                        KeyValue.pair("incidents", TestEvents.anIncident().setIncidentId(record.key()).build()),
                        KeyValue.pair("timeline", entry(record.key(), at, TimelineType.OTHER, "1")),
                        KeyValue.pair("timeline", entry(record.key(), at, TimelineType.OTHER, "2")),
                        KeyValue.pair("timeline", entry(record.key(), at, TimelineType.OTHER, "3")),
                        KeyValue.pair("escalations", TestEvents.anEscalation().setIncidentId(record.key()).build()),
                        KeyValue.pair("notifications", TestEvents.aNotification().setIncidentId(record.key()).build()),
                        KeyValue.pair("notifications", TestEvents.aNotification().setIncidentId(record.key()).build())));
                if (message.endsWith("reversed")) {
                    java.util.Collections.reverse(burst);
                }
                burst.forEach(out -> context.forward(new Record<>(record.key(), out.value, record.timestamp()), out.key));
            }
        }

        private void fire(long now) {
            List<String> due = new ArrayList<>();
            try (KeyValueIterator<String, String> all = clocks.all()) {
                while (all.hasNext()) {
                    String key = all.next().key.substring(IndexKeys.CLOCKS.length());
                    if (ClockKeys.deadlineOf(key).toEpochMilli() <= now) {
                        due.add(key);
                    }
                }
            }
            for (String key : due) {
                clocks.delete(IndexKeys.CLOCKS + key);
                context.forward(new Record<>(ClockKeys.incidentOf(key),
                        entry(ClockKeys.incidentOf(key), Instant.ofEpochMilli(now), TimelineType.CLOCK_FIRED, key), now),
                        "timeline");
            }
        }

        private static TimelineEntry entry(String incidentId, Instant at, TimelineType type, String summary) {
            return TimelineEntry.newBuilder().setIncidentId(incidentId).setSequence(1).setAt(at).setType(type)
                    .setSummary(summary).build();
        }
    }
}
