package io.agentix.incident.escalation;

import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.escalation.kafka.EngineTopics;
import io.agentix.incident.escalation.kafka.StreamsFactory;
import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.escalation.policy.Tenant;
import io.agentix.incident.escalation.topology.EscalationTopology;
import io.agentix.incident.escalation.topology.EscalationTopologyConfig;
import io.agentix.incident.service.AdminEndpoints;
import io.agentix.incident.service.errors.ErrorResponseExceptionMapper;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpecs;
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
 * with the operator API (commands, interactive queries).
 *
 * <p>Run with {@code java -jar escalation-streams.jar server config.yml}. At start it loads the
 * policy (a bad file stops it, naming line and reason), creates missing topics, then starts the
 * streams instance. The admin port serves {@code /healthcheck} and {@code /health}: red while Kafka
 * does not answer, while the streams instance is not running or rebalancing, and for good once a
 * stream thread died.
 */
public class EscalationApplication extends Application<EscalationConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(EscalationApplication.class);

    private KafkaStreams streams;

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
        Topology topology = EscalationTopology.build(new EscalationTopologyConfig(topics, policy,
                streamsFactory.getClockCheckInterval().toJavaDuration()));

        // Managed objects start in registration order: the topics exist before streams subscribes.
        Admin admin = configuration.getKafka().buildAdmin(environment, "kafka");
        environment.lifecycle().manage(new EngineTopics(admin, catalog,
                configuration.getKafka().getRequestTimeout().toJavaDuration()));
        streams = streamsFactory.build(environment, "streams", topology, configuration.getKafka(), serdeConfig,
                defaultApplicationServer(configuration));
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
