package io.agentix.incident.escalation.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.escalation.topology.EscalationTopology;
import io.agentix.incident.escalation.topology.EscalationTopologyConfig;
import io.agentix.incident.escalation.topology.OpenIncidents;
import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.EscalationReason;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Severity;
import io.agentix.incident.events.TestEvents;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.events.TimelineType;
import io.agentix.incident.service.kafka.KafkaFactory;
import io.agentix.incident.testing.KafkaCluster;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.testing.TopicRecords;
import io.agentix.incident.topics.EventTopic;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSettings;
import io.agentix.incident.topics.TopicSpecs;

/**
 * The engine stopped in the middle of a P1's 15-minute response window and started again after the
 * deadline, on a real broker with exactly_once_v2: the overdue clock fires once, at once, with its
 * lateness recorded. The restarted instance runs on a clock 16 minutes ahead ({@link ShiftedTime}),
 * which is what a restart 16 minutes later looks like to it.
 */
class RestartExactlyOnceTest {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();

    private static final Duration RESTART_AFTER = Duration.ofMinutes(16);
    private static final Duration P1_RESPONSE_WINDOW = Duration.ofMinutes(15);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path stateDirs;

    @Test
    void anOverdueEscalationFiresExactlyOnceAfterARestartOnTheSameStateDirectory() {
        restartMidWindow("same-dir", stateDirs.resolve("first"), stateDirs.resolve("first"));
    }

    @Test
    void anOverdueEscalationFiresExactlyOnceAfterARestartThatRestoresFromTheChangelogs() {
        restartMidWindow("fresh-dir", stateDirs.resolve("first"), stateDirs.resolve("fresh"));
    }

    private void restartMidWindow(String name, Path firstStateDir, Path secondStateDir) {
        KafkaCluster kafka = KAFKA.cluster();
        TopicCatalog catalog = catalog(name);
        kafka.createTopics(catalog);
        Map<String, Object> serdeConfig = Map.of("schema.registry.url", "mock://restart-" + name);
        TopicSpecs topics = TopicSpecs.create(catalog, serdeConfig);
        // A short clock check interval: the overdue clock fires within it of the restart.
        OpenIncidents open = OpenIncidents.tracked();
        Topology topology = EscalationTopology.build(new EscalationTopologyConfig(topics, PolicyLoader.shipped(),
                Duration.ofMillis(200)).withOpenIncidents(open));
        Instant detected = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        KafkaStreams first = start(topology, streamsConfig(kafka, name, firstStateDir, serdeConfig), Time.SYSTEM);
        publish(kafka, topics, p1Alert(detected));
        List<Incident> opened = await("the P1 incident on " + topics.incidents().name()).atMost(READ_TIMEOUT)
                .until(() -> values(kafka, topics.incidents().name(), topics.incidents().valueDeserializer()),
                        incidents -> !incidents.isEmpty());
        assertThat(opened.get(0).getSeverity()).isEqualTo(io.agentix.incident.events.Severity.P1);
        assertThat(opened.get(0).getResponseDueAt()).isEqualTo(detected.plus(P1_RESPONSE_WINDOW));
        assertThat(open.counts().get(Severity.P1).get(IncidentStatus.OPEN)).as("counted as stored").isEqualTo(1);
        stop(first);
        assertThat(escalations(kafka, topics)).as("stopped mid-window").isEmpty();
        assertThat(open.counts().get(Severity.P1).get(IncidentStatus.OPEN)).as("its task closed").isZero();

        KafkaStreams restarted = start(topology, streamsConfig(kafka, name, secondStateDir, serdeConfig),
                new ShiftedTime(RESTART_AFTER));
        // Counted again from the restored store when the task starts (it is still open after escalating).
        await("the open P1 counted after the restart").atMost(READ_TIMEOUT)
                .until(() -> open.counts().get(Severity.P1).get(IncidentStatus.OPEN) == 1);
        await("the overdue escalation").atMost(READ_TIMEOUT).until(() -> escalations(kafka, topics), e -> !e.isEmpty());
        // Several more clock checks (every 200 ms) pass, and none fires it again.
        await("no second escalation").during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> escalations(kafka, topics).size() == 1);
        stop(restarted);

        List<Escalation> escalations = escalations(kafka, topics);
        assertThat(escalations).singleElement().satisfies(escalation -> {
            assertThat(escalation.getReason()).isEqualTo(EscalationReason.RESPONSE_WINDOW_EXPIRED);
            assertThat(escalation.getToRole()).isEqualTo("cto");
            assertThat(escalation.getDeadline()).isEqualTo(detected.plus(P1_RESPONSE_WINDOW));
            // Fired at (restart time + 16 min): at least a minute after the deadline, less than 16.
            assertThat(escalation.getLateMillis()).isBetween(RESTART_AFTER.minus(P1_RESPONSE_WINDOW).toMillis(),
                    RESTART_AFTER.toMillis());
        });
        List<TimelineEntry> fired = values(kafka, topics.timeline().name(), topics.timeline().valueDeserializer())
                .stream().filter(entry -> entry.getType() == TimelineType.CLOCK_FIRED)
                .filter(entry -> "response-window".equals(entry.getDetails().get("clock"))).toList();
        assertThat(fired).singleElement().satisfies(
                entry -> assertThat(entry.getLateMillis()).isEqualTo(escalations.get(0).getLateMillis()));
    }

    private static TopicCatalog catalog(String name) {
        Map<String, TopicSettings> topics = new HashMap<>();
        for (EventTopic topic : EventTopic.values()) {
            topics.put(topic.defaultName(), TopicSettings.named(name + "." + topic.defaultName()));
        }
        return TopicCatalog.from(1, (short) 1, topics);
    }

    private static Properties streamsConfig(KafkaCluster kafka, String name, Path stateDir, Map<String, Object> serde) {
        KafkaFactory kafkaFactory = new KafkaFactory();
        kafkaFactory.setBootstrapServers(kafka.bootstrapServers());
        StreamsFactory streams = new StreamsFactory();
        streams.setApplicationId("restart-test-" + name);
        streams.setStateDir(stateDir.toString());
        return streams.streamsConfig(kafkaFactory, serde, null);
    }

    private static KafkaStreams start(Topology topology, Properties config, Time time) {
        KafkaStreams streams = new KafkaStreams(topology, config, time);
        streams.start();
        await("streams RUNNING").atMost(READ_TIMEOUT).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    /** A clean close: commits the open transaction, and hands the partitions back at once. */
    private static void stop(KafkaStreams streams) {
        assertThat(streams.close(CloseOptions.timeout(READ_TIMEOUT)
                .withGroupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP))).as("closed in time").isTrue();
    }

    private static AlertEvent p1Alert(Instant at) {
        return TestEvents.anAlert().setEventId("restart-e-1").setDedupKey("sentry:acme:outage").setComponent("inbox")
                .setTenants(List.of()).setAllTenants(true).setImpact(Impact.OUTAGE).setSeverityHint(null)
                .setSeverityHintReason(null).setOccurredAt(at).setReceivedAt(at).build();
    }

    private static void publish(KafkaCluster kafka, TopicSpecs topics, AlertEvent alert) {
        try (KafkaProducer<String, AlertEvent> producer = new KafkaProducer<>(kafka.producerConfig(),
                topics.alerts().keySerializer(), topics.alerts().valueSerializer())) {
            producer.send(new ProducerRecord<>(topics.alerts().name(), null, alert.getReceivedAt().toEpochMilli(),
                    alert.getDedupKey(), alert));
            producer.flush();
        }
    }

    private static List<Escalation> escalations(KafkaCluster kafka, TopicSpecs topics) {
        return values(kafka, topics.escalations().name(), topics.escalations().valueDeserializer());
    }

    private static <V> List<V> values(KafkaCluster kafka, String topic,
                                      org.apache.kafka.common.serialization.Deserializer<V> deserializer) {
        return TopicRecords.readAll(kafka, topic, new org.apache.kafka.common.serialization.StringDeserializer(),
                deserializer, READ_TIMEOUT).stream().map(record -> record.value()).toList();
    }
}
