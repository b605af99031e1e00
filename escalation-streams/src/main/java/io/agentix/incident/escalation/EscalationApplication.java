package io.agentix.incident.escalation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.escalation.policy.Policy;
import io.agentix.incident.escalation.policy.Tenant;
import io.agentix.incident.service.errors.ErrorResponseExceptionMapper;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;

/**
 * The Kafka Streams application that turns alerts into incidents, runs their clocks and escalates,
 * with the operator API (commands, interactive queries).
 *
 * <p>Run with {@code java -jar escalation-streams.jar server config.yml}; the admin port serves
 * {@code /healthcheck}, red while Kafka does not answer.
 */
public final class EscalationApplication extends Application<EscalationConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(EscalationApplication.class);

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
        reportPolicy(configuration.getPolicy());
        configuration.getKafka().buildAdmin(environment, "kafka");
        ErrorResponseExceptionMapper.registerWith(environment.jersey());
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
