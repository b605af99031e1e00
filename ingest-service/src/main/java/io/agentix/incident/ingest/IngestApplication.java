package io.agentix.incident.ingest;

import io.agentix.incident.service.errors.ErrorResponseExceptionMapper;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;

/**
 * Receives webhooks from monitoring tools and publishes them to Kafka.
 *
 * <p>Run with {@code java -jar ingest-service.jar server config.yml}; the admin port serves
 * {@code /healthcheck}, red while Kafka does not answer.
 */
public final class IngestApplication extends Application<IngestConfiguration> {

    public static void main(String[] args) throws Exception {
        new IngestApplication().run(args);
    }

    @Override
    public String getName() {
        return "ingest-service";
    }

    @Override
    public void initialize(Bootstrap<IngestConfiguration> bootstrap) {
        // config.yml reads ${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092} and the like, so one file serves
        // both a local run and docker-compose. Non-strict: a variable without default stays as written.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    @Override
    public void run(IngestConfiguration configuration, Environment environment) {
        configuration.getKafka().buildAdmin(environment, "kafka");
        ErrorResponseExceptionMapper.registerWith(environment.jersey());
    }
}
