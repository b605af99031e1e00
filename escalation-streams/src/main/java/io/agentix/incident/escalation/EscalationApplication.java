package io.agentix.incident.escalation;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.escalation.core.IncidentEngine;
import io.agentix.incident.escalation.kafka.CommandPublisher;
import io.agentix.incident.escalation.kafka.EngineStateMetrics;
import io.agentix.incident.escalation.kafka.EngineTopics;
import io.agentix.incident.escalation.kafka.IncidentStoreQueries;
import io.agentix.incident.escalation.kafka.StreamsFactory;
import io.agentix.incident.escalation.policy.FastClocks;
import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.escalation.policy.TemplateVariables;
import io.agentix.incident.escalation.policy.Tenant;
import io.agentix.incident.escalation.resources.ConsoleResource;
import io.agentix.incident.escalation.resources.IncidentResource;
import io.agentix.incident.escalation.resources.OperatorApiMetrics;
import io.agentix.incident.escalation.resources.OperatorAuthFilter;
import io.agentix.incident.escalation.resources.OperatorTokens;
import io.agentix.incident.escalation.resources.PeerInstances;
import io.agentix.incident.escalation.topology.EscalationTopology;
import io.agentix.incident.escalation.topology.EscalationTopologyConfig;
import io.agentix.incident.escalation.topology.OpenIncidents;
import io.agentix.incident.events.Severity;
import io.agentix.incident.service.AdminEndpoints;
import io.agentix.incident.service.errors.ErrorResponseExceptionMapper;
import io.agentix.incident.service.health.ConsumerLagHealthCheck;
import io.agentix.incident.service.kafka.ConsumerLagMonitor;
import io.agentix.incident.topics.EventTopic;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;

/**
 * The Kafka Streams application that turns alerts into incidents, runs their clocks and escalates,
 * with the operator API (commands, interactive queries) and the operator console on top of it at {@code /}.
 *
 * <p>Run with {@code java -jar escalation-streams.jar server config.yml}. At start it loads the
 * policy (a bad file stops it, naming line and reason), creates missing topics, then starts the
 * streams instance. The admin port serves {@code /healthcheck} and {@code /health}: red while Kafka
 * does not answer, while the streams instance is not running or rebalancing, for good once a
 * stream thread died, and while an input partition has records waiting and no commit moves
 * ({@code streams-progress}); {@code /metrics/prometheus} adds the engine's gauges (open incidents,
 * clocks pending and overdue, input lag).
 */
public class EscalationApplication extends Application<EscalationConfiguration> {

    /** Incidents in a list without {@code ?limit=}. */
    static final int DEFAULT_LIST_SIZE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(EscalationApplication.class);

    /**
     * The operator API's producer settings, under the configured {@code kafka.producer} map (which
     * wins): an operator waits for the answer, so {@code send()} blocks at most {@code max.block.ms}
     * for metadata while the broker is away, a command is given up after {@code delivery.timeout.ms},
     * and it goes out at once ({@code linger.ms=0}).
     */
    static final Map<String, Object> COMMAND_PRODUCER_DEFAULTS = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, "0",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000",
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");

    /** How long one read of the overdue clocks (the index's due part) serves the overdue gauge. */
    static final Duration OVERDUE_METRICS_MAX_AGE = Duration.ofSeconds(5);
    /** How long one count of the pending clocks (a scan of the whole clock index) serves their gauges. */
    static final Duration PENDING_METRICS_MAX_AGE = Duration.ofSeconds(60);
    /** How often the consumer group's lag is read from the broker. */
    static final Duration LAG_INTERVAL = Duration.ofSeconds(5);
    /**
     * Records waiting on an input partition and no commit for this long: the engine does not get through
     * its input. Generous: a restore of a large store after a move holds commits back for a while.
     */
    static final Duration STUCK_AFTER = Duration.ofMinutes(5);

    private final Clock clock;
    private KafkaStreams streams;

    public EscalationApplication() {
        this(Clock.systemUTC());
    }

    /** @param clock the operator API's commands are issued at its time */
    protected EscalationApplication(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static void main(String[] args) throws Exception {
        new EscalationApplication().run(args);
    }

    @Override
    public String getName() {
        return "escalation-streams";
    }

    @Override
    public void initialize(Bootstrap<EscalationConfiguration> bootstrap) {
        // config.yml reads ${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092} and the like, so one file serves
        // both a local run and docker-compose. Non-strict: a variable without default stays as written.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        // The operator console's scripts and styles under /console/*: a servlet mapping more specific than
        // Jersey's /*, so it shadows no API route; its page at / is ConsoleResource.
        bootstrap.addBundle(new AssetsBundle(ConsoleResource.ASSETS_RESOURCE, ConsoleResource.ASSETS_URI,
                ConsoleResource.INDEX, "operator-console"));
    }

    @Override
    public void run(EscalationConfiguration configuration, Environment environment) {
        ErrorResponseExceptionMapper.registerWith(environment.jersey());
        AdminEndpoints.registerWith(environment);

        TopicCatalog catalog = configuration.getTopics().build();
        EngineTopics.configuredPartitionWarnings(catalog).forEach(LOG::warn);
        Policy policy = configuration.getPolicy();
        reportPolicy(policy);

        Map<String, Object> serdeConfig = configuration.getSchemaRegistry().serdeConfig();
        TopicSpecs topics = TopicSpecs.create(catalog, serdeConfig);
        StreamsFactory streamsFactory = configuration.getStreams();
        Duration clockCheckInterval = FastClocks.clockCheckInterval(policy,
                streamsFactory.getClockCheckInterval().toJavaDuration());
        if (FastClocks.factorOf(policy) > 1) {
            LOG.warn("Fast clocks: every policy duration divided by {} (streams.fastClocks; policy {}); P1 escalates "
                    + "after {}; clocks checked every {} ms. Not for production.", FastClocks.factorOf(policy),
                    policy.version(), policy.severity(Severity.P1).responseTime().map(TemplateVariables::duration)
                            .orElse("the next business day"), clockCheckInterval.toMillis());
        }
        OpenIncidents openIncidents = OpenIncidents.tracked();
        Topology topology = EscalationTopology.build(new EscalationTopologyConfig(topics, policy, clockCheckInterval)
                .withOpenIncidents(openIncidents));

        // Managed objects start in registration order: the topics exist before streams subscribes.
        Admin admin = configuration.getKafka().buildAdmin(environment, "kafka");
        environment.lifecycle().manage(new EngineTopics(admin, catalog,
                configuration.getKafka().getRequestTimeout().toJavaDuration()));
        String applicationServer = streamsFactory.streamsConfig(configuration.getKafka(), serdeConfig,
                defaultApplicationServer(configuration)).getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
        streams = streamsFactory.build(environment, "streams", topology, configuration.getKafka(), serdeConfig,
                defaultApplicationServer(configuration));
        registerObservability(environment, admin, streamsFactory, catalog, clockCheckInterval, openIncidents);

        registerOperatorApi(configuration, environment, topics, policy, applicationServer);
    }

    /**
     * The engine's gauges on the admin port's {@code /metrics/prometheus}: open incidents and clocks
     * ({@link EngineStateMetrics}), the consumer group's lag on the engine's input topics
     * ({@link ConsumerLagMonitor}); and the {@code streams-progress} health check, red when the group's
     * committed offset on an input partition with records waiting has not moved for {@link #STUCK_AFTER}.
     */
    private void registerObservability(Environment environment, Admin admin, StreamsFactory streamsFactory,
                                       TopicCatalog catalog, Duration clockCheckInterval, OpenIncidents openIncidents) {
        new EngineStateMetrics(openIncidents, EngineStateMetrics.StoreReader.of(streams), environment.metrics(),
                clockCheckInterval, OVERDUE_METRICS_MAX_AGE, PENDING_METRICS_MAX_AGE, clock);
        ConsumerLagMonitor lag = new ConsumerLagMonitor(admin, streamsFactory.getApplicationId(),
                List.of(catalog.name(EventTopic.ALERTS), catalog.name(EventTopic.INCIDENT_COMMANDS)),
                environment.metrics(), LAG_INTERVAL, LAG_INTERVAL, clock);
        environment.lifecycle().manage(lag);
        environment.healthChecks().register("streams-progress", new ConsumerLagHealthCheck(lag, STUCK_AFTER));
    }

    /**
     * The operator API on the app port: reads from the state stores of {@link #streams} (forwarded to
     * the instance at {@code applicationServer} that hosts an incident), commands to
     * {@code incident-commands}, checked by the same engine rule the topology applies.
     */
    private void registerOperatorApi(EscalationConfiguration configuration, Environment environment, TopicSpecs topics,
                                     Policy policy, String applicationServer) {
        OperatorApiSettings api = configuration.getOperatorApi();
        Map<String, String> tokens = api.effectiveTokens();
        api.getTokens().keySet().stream().filter(person -> !tokens.containsKey(person)).forEach(person ->
                LOG.warn("Operator API: {} has an empty token (operatorApi.tokens; config.yml: OPERATOR_API_TOKEN)"
                        + " and cannot send commands", person));
        if (tokens.isEmpty()) {
            LOG.warn("Operator API: no tokens (operatorApi.tokens): every command is answered 401");
        }
        LOG.info("Operator API: reads {}; this instance is {} for the others",
                api.isProtectReads() ? "need a token" : "are open on the app port",
                applicationServer == null ? "unnamed (single instance only)" : applicationServer);
        HostInfo self = applicationServer == null ? HostInfo.unavailable() : HostInfo.buildFromEndpoint(applicationServer);
        Producer<String, byte[]> producer = configuration.getKafka().buildProducer(environment, "kafka-commands",
                new StringSerializer(), new ByteArraySerializer(), COMMAND_PRODUCER_DEFAULTS);
        CommandPublisher publisher = new CommandPublisher(producer, topics.incidentCommands(),
                api.getAckTimeout().toJavaDuration());
        ExecutorService responses = environment.lifecycle().executorService("operator-api-responses-%d")
                .minThreads(api.getResponseThreads()).maxThreads(api.getResponseThreads()).build();
        HttpClient peerClient = HttpClient.newBuilder().connectTimeout(api.getForwardTimeout().toJavaDuration()).build();
        PeerInstances peers = new PeerInstances(peerClient, self, api.getForwardTimeout().toJavaDuration(),
                environment.getObjectMapper());

        environment.jersey().register(new OperatorAuthFilter(new OperatorTokens(tokens), api.isProtectReads()));
        environment.jersey().register(new IncidentResource(new IncidentStoreQueries(streams, self), peers,
                new IncidentEngine(policy), publisher, new OperatorApiMetrics(environment.metrics()), clock,
                environment.getObjectMapper(), responses, new IncidentResource.Settings(api.getRetryAfterSeconds(),
                        Math.min(DEFAULT_LIST_SIZE, api.getMaxListSize()), api.getMaxListSize())));
        environment.jersey().register(new ConsoleResource());
    }

    /** The streams instance once {@link #run} has built it, for the operator API's interactive queries. */
    protected KafkaStreams streams() {
        return streams;
    }

    /**
     * {@code host:port} of the operator API, which other instances call for the state they do not
     * hold: the first application connector's bind host (localhost when it binds every interface)
     * and port; null when the server has no plain HTTP connector to name.
     */
    static String defaultApplicationServer(EscalationConfiguration configuration) {
        if (configuration.getServerFactory() instanceof DefaultServerFactory server
                && !server.getApplicationConnectors().isEmpty()) {
            ConnectorFactory connector = server.getApplicationConnectors().get(0);
            if (connector instanceof HttpConnectorFactory http && http.getPort() > 0) {
                String host = http.getBindHost() == null || http.getBindHost().isBlank()
                        || http.getBindHost().equals("0.0.0.0") ? "localhost" : http.getBindHost();
                return host + ":" + http.getPort();
            }
        }
        return null;
    }

    /** The policy was validated with the configuration; what it cannot do is said once, at start. */
    private static void reportPolicy(Policy policy) {
        LOG.info("Policy {} from {}", policy.version(), policy.source());
        for (Tenant tenant : policy.tenantsWithoutContacts()) {
            LOG.warn("Tenant '{}' ({}) has no contacts in the policy: customer notices for its incidents reach nobody",
                    tenant.id(), tenant.name());
        }
    }
}
