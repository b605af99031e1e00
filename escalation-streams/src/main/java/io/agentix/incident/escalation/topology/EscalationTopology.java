package io.agentix.incident.escalation.topology;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.streams.Topology;

import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.topics.TopicSpec;
import io.agentix.incident.topics.TopicSpecs;

/**
 * The escalation engine as a Kafka Streams topology, built by one pure function that the
 * application, the tests and the simulator all call.
 *
 * <pre>
 * alerts ------------+
 *                    +--> incident-processor --> incidents, incident-timeline, escalations, notifications
 * incident-commands -+         (stores, clocks)
 *                              reads
 * deployments --> main-deploys-processor --> main-deploys-store (global)
 * </pre>
 *
 * <p>One sub-topology and no repartition topic: every alert that may join an incident must meet the
 * others in one task, and a repartition hop would add a transaction's latency to every alert. The
 * shipped catalog gives {@code alerts} and {@code incident-commands} one partition each for that
 * reason. Every node and store has an explicit name ({@code TopologyNamingTest} holds them):
 * generated names shift when the topology changes and would orphan the state behind them.
 */
public final class EscalationTopology {

    public static final String ALERTS_SOURCE = "alerts-source";
    public static final String COMMANDS_SOURCE = "incident-commands-source";
    public static final String INCIDENT_PROCESSOR = "incident-processor";
    public static final String INCIDENTS_SINK = "incidents-sink";
    public static final String TIMELINE_SINK = "incident-timeline-sink";
    public static final String ESCALATIONS_SINK = "escalations-sink";
    public static final String NOTIFICATIONS_SINK = "notifications-sink";
    public static final String DEPLOYMENTS_SOURCE = "deployments-source";
    public static final String MAIN_DEPLOYS_PROCESSOR = "main-deploys-processor";

    /** Every node of the topology: what {@code TopologyNamingTest} expects {@code describe()} to show. */
    public static final List<String> ALL_NODES = List.of(ALERTS_SOURCE, COMMANDS_SOURCE, INCIDENT_PROCESSOR,
            INCIDENTS_SINK, TIMELINE_SINK, ESCALATIONS_SINK, NOTIFICATIONS_SINK, DEPLOYMENTS_SOURCE,
            MAIN_DEPLOYS_PROCESSOR);

    /**
     * Deploys to main are kept at least this long behind the newest one (longer when the policy's
     * recent-deploy window is longer), so "deploys in the window before detection" still finds them
     * for an alert that arrives late.
     */
    static final Duration MIN_DEPLOY_RETENTION = Duration.ofDays(7);

    private EscalationTopology() {
    }

    /** The topology for {@code config}. Pure: no I/O, nothing read but {@code config}. */
    public static Topology build(EscalationTopologyConfig config) {
        TopicSpecs topics = config.topics();
        Topology topology = new Topology();

        topology.addSource(ALERTS_SOURCE, topics.alerts().keyDeserializer(), topics.alerts().valueDeserializer(),
                topics.alerts().name());
        topology.addSource(COMMANDS_SOURCE, topics.incidentCommands().keyDeserializer(),
                topics.incidentCommands().valueDeserializer(), topics.incidentCommands().name());
        topology.addProcessor(INCIDENT_PROCESSOR,
                IncidentProcessor.supplier(config),
                ALERTS_SOURCE, COMMANDS_SOURCE);
        addSink(topology, INCIDENTS_SINK, topics.incidents());
        addSink(topology, TIMELINE_SINK, topics.timeline());
        addSink(topology, ESCALATIONS_SINK, topics.escalations());
        addSink(topology, NOTIFICATIONS_SINK, topics.notifications());

        TopicSpec<String, DeploymentEvent> deployments = topics.deployments();
        Duration recentDeployWindow = config.policy().recentDeployWindow();
        Duration retention = recentDeployWindow.compareTo(MIN_DEPLOY_RETENTION) > 0 ? recentDeployWindow
                : MIN_DEPLOY_RETENTION;
        topology.addGlobalStore(MainDeploysProcessor.storeBuilder(deployments.valueSerde(), config.storeType()), DEPLOYMENTS_SOURCE,
                deployments.keyDeserializer(), deployments.valueDeserializer(), deployments.name(),
                MAIN_DEPLOYS_PROCESSOR, MainDeploysProcessor.supplier(retention));
        return topology;
    }

    private static void addSink(Topology topology, String name, TopicSpec<String, ?> topic) {
        topology.addSink(name, topic.name(), topic.keySerializer(), topic.valueSerializer(), INCIDENT_PROCESSOR);
    }
}
