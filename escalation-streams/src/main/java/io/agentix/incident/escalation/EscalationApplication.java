package io.agentix.incident.escalation;

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
        configuration.getKafka().buildAdmin(environment, "kafka");
        ErrorResponseExceptionMapper.registerWith(environment.jersey());
    }
}
