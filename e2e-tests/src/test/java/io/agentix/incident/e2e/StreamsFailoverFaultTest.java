package io.agentix.incident.e2e;

import static io.agentix.incident.e2e.EngineFaults.p1;
import static io.agentix.incident.e2e.EngineFaults.p2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.Escalation;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.Severity;
import io.agentix.incident.localstack.FreePorts;
import io.agentix.incident.localstack.registry.SchemaRegistryServer;
import io.agentix.incident.testing.KafkaClusterExtension;
import io.agentix.incident.topics.TopicSpecs;

/**
 * Two escalation-streams instances sharing the work, one killed with kill -9. With the shipped single
 * partition of {@code alerts} and {@code incident-commands}, one instance runs the engine's task (every
 * incident and clock) and the other keeps a standby copy of its state ({@code numStandbyReplicas: 1}, as
 * docker-compose runs it). Incidents are opened, the instance holding them is killed while every response
 * window is still open, and the survivor takes over once the dead member's session expires: each incident
 * escalates exactly once (those whose clocks ran out after the kill by the survivor, from the clocks the killed
 * instance had set), and the survivor's operator API answers for all of them. The
 * notifier is not part of this test: the pages are checked where the engine writes them, on {@code notifications}.
 */
class StreamsFailoverFaultTest {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsFailoverFaultTest.class);

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension(EngineFaults::broker);

    private static SchemaRegistryServer registry;
    private static TopicSpecs topics;
    private static final Map<String, ServiceProcess> INSTANCES = new LinkedHashMap<>();
    private static final Map<String, Http> APIS = new LinkedHashMap<>();

    @RegisterExtension
    final TestWatcher printLogsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            INSTANCES.values().forEach(instance -> LOG.error("{} output:\n{}", instance.name(), instance.logTail()));
        }
    };

    @BeforeAll
    static void start() {
        registry = Engine.registry(KAFKA.cluster());
        topics = EngineFaults.topics(registry);
        for (String name : List.of("streams-a", "streams-b")) {
            int appPort = FreePorts.pick();
            INSTANCES.put(name, EngineFaults.streams(name, KAFKA.cluster(), registry, appPort,
                    Engine.directory(name + "-state-"), 1).launch());
            APIS.put(name, new Http(appPort));
        }
        INSTANCES.values().forEach(ServiceProcess::awaitHealthy);
        await("both instances in the group, one running the engine's task").atMost(Duration.ofSeconds(60))
                .until(() -> members().size() == 2 && engineHost().isPresent());
        APIS.forEach((name, api) -> await(name + "'s operator API answers").atMost(Duration.ofSeconds(60))
                .until(() -> api.get("/incidents").statusCode() == 200));
    }

    @AfterAll
    static void stop() {
        INSTANCES.values().forEach(ServiceProcess::close);
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theSurvivorTakesOverTheKilledInstancesIncidentsAndEscalatesEachExactlyOnce() {
        Instant now = Instant.now();
        List<AlertEvent> alerts = List.of(p1("failover-p1-a", now), p1("failover-p1-b", now), p1("failover-p1-c", now),
                p2("failover-p2-a", now), p2("failover-p2-b", now));
        Map<AlertEvent, Severity> expected = new LinkedHashMap<>();
        alerts.forEach(alert -> expected.put(alert, alert.getAllTenants() ? Severity.P1 : Severity.P2));
        EngineFaults.publish(KAFKA.cluster(), topics, alerts);
        await("the incidents open").atMost(EngineFaults.READ_TIMEOUT)
                .until(() -> EngineFaults.incidentsByDedupKey(KAFKA.cluster(), topics, alerts).size() == alerts.size());
        Set<String> ids = EngineFaults.incidentsByDedupKey(KAFKA.cluster(), topics, alerts).values().stream()
                .map(Incident::getIncidentId).collect(Collectors.toSet());

        String killed = engineHost().orElseThrow();
        String survivor = INSTANCES.keySet().stream().filter(name -> !name.equals(killed)).findFirst().orElseThrow();
        INSTANCES.get(killed).kill();
        Instant killedAt = Instant.now();
        Set<String> escalatedBeforeKill = EngineFaults.escalations(KAFKA.cluster(), topics, ids).keySet();
        assertThat(escalatedBeforeKill).as("windows still open at the kill").hasSizeLessThan(ids.size());
        LOG.info("killed {} (holding the engine's task) at {}; {} takes over; escalated before: {}", killed, killedAt,
                survivor, escalatedBeforeKill);

        await("every incident escalated").atMost(EngineFaults.RECOVERY)
                .until(() -> EngineFaults.escalations(KAFKA.cluster(), topics, ids).size() == ids.size());
        await("each incident's state shows its escalation").atMost(EngineFaults.READ_TIMEOUT)
                .until(() -> EngineFaults.incidentsByDedupKey(KAFKA.cluster(), topics, alerts).values().stream()
                        .allMatch(incident -> incident.getEscalationLevel() > 0));
        await("the engine's task on the survivor").atMost(EngineFaults.READ_TIMEOUT)
                .until(() -> engineHost().filter(survivor::equals).isPresent());

        Map<String, Escalation> escalations = EngineFaults.assertEachEscalatedExactlyOnce(KAFKA.cluster(), topics, expected);
        escalations.forEach((id, escalation) -> LOG.info("{} escalated to {} at {}, {} ms after its deadline", id,
                escalation.getToRole(), escalation.getAt(), escalation.getLateMillis()));
        // Every escalation after the kill is the survivor's, from clocks the killed instance had set: at least
        // the P2s', whose windows were far from closing at the kill.
        assertThat(escalations.values()).filteredOn(escalation -> escalation.getAt().isAfter(killedAt))
                .as("escalations by the survivor").hasSizeGreaterThanOrEqualTo(2);

        // The survivor's operator API answers for each incident from its own state now.
        Http api = APIS.get(survivor);
        for (String id : ids) {
            JsonNode incident = Http.json(api.get("/incidents/" + id));
            assertThat(incident.get("escalationLevel").asInt()).as(id).isEqualTo(1);
            assertThat(incident.get("escalatedTo")).extracting(JsonNode::asText).as(id).hasSize(1)
                    .containsAnyOf("cto", "team-lead");
        }
        assertThat(Http.json(api.get("/incidents?status=OPEN&limit=100"))).extracting(node -> node.get("id").asText())
                .as("the survivor lists them").containsAll(ids);
    }

    /** The members of escalation-streams' consumer group, when it is stable (empty while it rebalances). */
    private static List<MemberDescription> members() {
        try {
            ConsumerGroupDescription group = KAFKA.cluster().admin().describeConsumerGroups(List.of(EngineFaults.STREAMS_GROUP))
                    .describedGroups().get(EngineFaults.STREAMS_GROUP).get();
            return group.groupState() == GroupState.STABLE ? List.copyOf(group.members()) : List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted describing " + EngineFaults.STREAMS_GROUP, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe " + EngineFaults.STREAMS_GROUP, e.getCause());
        }
    }

    /**
     * The instance whose member is assigned {@code alerts}' partition, i.e. runs the engine's task (a member's
     * client id starts with its instance's {@code kafka.clientId}).
     */
    private static Optional<String> engineHost() {
        TopicPartition alerts = new TopicPartition(topics.alerts().name(), 0);
        for (MemberDescription member : members()) {
            if (member.assignment().topicPartitions().contains(alerts)) {
                return INSTANCES.keySet().stream().filter(name -> member.clientId().startsWith(name + "-")).findFirst();
            }
        }
        return Optional.empty();
    }
}
