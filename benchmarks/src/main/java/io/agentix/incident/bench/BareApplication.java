package io.agentix.incident.bench;

import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Environment;

/**
 * The benchmark's baseline: a Dropwizard app serving the ingest service's Sentry route that reads
 * the body and answers 202, nothing else. Same Dropwizard, Jetty and Jersey defaults as
 * ingest-service, so the ratio of the two rates is the cost of verifying, normalizing and
 * publishing a webhook.
 *
 * <p>Run with {@code java -jar benchmarks/target/benchmarks.jar server benchmarks/bare.yml}.
 */
public final class BareApplication extends Application<Configuration> {

    public static void main(String[] args) throws Exception {
        new BareApplication().run(args);
    }

    @Override
    public String getName() {
        return "bare";
    }

    @Override
    public void run(Configuration configuration, Environment environment) {
        environment.jersey().register(new BareWebhookResource());
    }
}
