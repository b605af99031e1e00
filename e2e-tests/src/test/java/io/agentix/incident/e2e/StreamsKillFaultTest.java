package io.agentix.incident.e2e;

import static io.agentix.incident.e2e.EngineFaults.p1;
import static io.agentix.incident.e2e.EngineFaults.p2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.Severity;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.localstack.registry.SchemaRegistryServer;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.topics.TopicSpecs;

/**
 * kill -9 of escalation-streams while incidents' response windows are open: P1s and P2s are opened, and the
 * engine's process is killed the moment the first P1 escalations are on {@code escalations}, with the other
 * P1s' windows about to run out and the P2s' far from it. A new process on the same state directory takes
 * over (exactly-once: the killed transaction is aborted, the state is what the changelogs committed). Each
 * incident then escalates exactly once: one Escalation record, one ESCALATED timeline entry and one page to
 * the escalated-to role; none missing, none twice, whether its clock fired before the kill, during the
 * outage (late, after the restart) or after the restart. The notifier is not part of this test: the pages are
 * checked where the engine writes them, on {@code notifications}.
 */
class StreamsKillFaultTest {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsKillFaultTest.class);

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension(EngineFaults::broker);

    private static SchemaRegistryServer registry;
    private static TopicSpecs topics;
    private static ServiceProcess streams;
    private static Http operatorApi;

    @RegisterExtension
    final TestWatcher printLogOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (streams != null) {
                LOG.error("escalation-streams output:\n{}", streams.logTail());
            }
        }
    };

    @BeforeAll
    static void start() {
        registry = Engine.registry(KAFKA.cluster());
        topics = EngineFaults.topics(registry);
        int appPort = FreePorts.pick();
        Path stateDir = Engine.directory("streams-kill-state-");
        streams = EngineFaults.streams("streams-kill", KAFKA.cluster(), registry, appPort, stateDir, 0).start();
        operatorApi = new Http(appPort);
        await("the operator API answers").atMost(Duration.ofSeconds(60))
                .until(() -> operatorApi.get("/incidents").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (streams != null) {
            streams.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void everyPendingEscalationHappensExactlyOnceAfterTheEngineIsKilledAndRestarted() {
        // Two P1s and two P2s, then, once they are open, two more P1s: their windows close a moment after
        // the first two, around the kill.
        Instant now = Instant.now();
        List<AlertEvent> first = List.of(p1("kill-p1-a", now), p1("kill-p1-b", now), p2("kill-p2-a", now),
                p2("kill-p2-b", now));
        EngineFaults.publish(KAFKA.cluster(), topics, first);
        await("the first incidents open").atMost(EngineFaults.READ_TIMEOUT)
                .until(() -> EngineFaults.incidentsByDedupKey(KAFKA.cluster(), topics, first).size() == first.size());
        Instant later = Instant.now();
        List<AlertEvent> second = List.of(p1("kill-p1-c", later), p1("kill-p1-d", later), p2("kill-p2-c", later));
        EngineFaults.publish(KAFKA.cluster(), topics, second);

        Map<AlertEvent, Severity> expected = new LinkedHashMap<>();
        first.forEach(alert -> expected.put(alert, alert.getAllTenants() ? Severity.P1 : Severity.P2));
        second.forEach(alert -> expected.put(alert, alert.getAllTenants() ? Severity.P1 : Severity.P2));
        List<AlertEvent> all = new ArrayList<>(expected.keySet());

        // The first escalations committed: kill -9 at once, the other windows still open.
        await("the first P1 escalations").atMost(EngineFaults.READ_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> !escalated(all).isEmpty());
        streams.kill();
        Set<String> escalatedBeforeKill = escalated(all).keySet();
        assertThat(EngineFaults.incidentsByDedupKey(KAFKA.cluster(), topics, all)).as("every incident opened before the kill")
                .hasSize(all.size());
        // At least the P2s' windows (10 s) were open at the kill, the first P1s' (2.5 s) having just closed.
        assertThat(escalatedBeforeKill).as("some escalations were still to come").hasSizeLessThan(all.size());

        // The same process again, on the same state directory and ports.
        streams.start();
        await("every incident escalated").atMost(EngineFaults.RECOVERY)
                .until(() -> escalated(all).size() == all.size());
        await("each incident's state shows its escalation").atMost(EngineFaults.READ_TIMEOUT)
                .until(() -> EngineFaults.incidentsByDedupKey(KAFKA.cluster(), topics, all).values().stream()
                        .allMatch(incident -> incident.getEscalationLevel() > 0));

        Map<String, Escalation> escalations = EngineFaults.assertEachEscalatedExactlyOnce(KAFKA.cluster(), topics, expected);
        escalations.forEach((id, escalation) -> LOG.info("{} escalated to {} {} ms after its deadline{}", id,
                escalation.getToRole(), escalation.getLateMillis(), escalatedBeforeKill.contains(id) ? " (before the kill)" : ""));
        // The restarted engine answers for every incident from its restored state.
        for (String id : escalations.keySet()) {
            assertThat(Http.json(operatorApi.get("/incidents/" + id)).get("escalationLevel").asInt()).as(id).isEqualTo(1);
        }
    }

    /** The test's incidents with an Escalation record on {@code escalations}, by incident id. */
    private static Map<String, List<Escalation>> escalated(List<AlertEvent> alerts) {
        Set<String> ids = EngineFaults.incidentsByDedupKey(KAFKA.cluster(), topics, alerts).values().stream()
                .map(Incident::getIncidentId).collect(Collectors.toSet());
        return EngineFaults.escalations(KAFKA.cluster(), topics, ids);
    }
}
