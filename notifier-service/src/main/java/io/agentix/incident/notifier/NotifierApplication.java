package io.agentix.incident.notifier;

import io.agentix.incident.service.errors.ErrorResponseExceptionMapper;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;

/**
 * Consumes notification requests and delivers them by email and page, recording each delivery.
 *
 * <p>Run with {@code java -jar notifier-service.jar server config.yml}; the admin port serves
 * {@code /healthcheck}, red while Kafka does not answer.
 */
public final class NotifierApplication extends Application<NotifierConfiguration> {

    public static void main(String[] args) throws Exception {
        new NotifierApplication().run(args);
    }

    @Override
    public String getName() {
        return "notifier-service";
    }

    @Override
    public void initialize(Bootstrap<NotifierConfiguration> bootstrap) {
        // config.yml reads ${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092} and the like, so one file serves
        // both a local run and docker-compose. Non-strict: a variable without default stays as written.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    @Override
    public void run(NotifierConfiguration configuration, Environment environment) {
        configuration.getKafka().buildAdmin(environment, "kafka");
        ErrorResponseExceptionMapper.registerWith(environment.jersey());
    }
}
