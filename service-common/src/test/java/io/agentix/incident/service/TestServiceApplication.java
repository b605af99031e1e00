package io.agentix.incident.service;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.agentix.incident.service.errors.ErrorResponseExceptionMapper;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Environment;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.WebApplicationException;

/** The shared wiring of the services, with two resources that fail on purpose. */
public final class TestServiceApplication extends Application<IncidentServiceConfiguration> {

    private Producer<String, String> producer;

    @Override
    public void run(IncidentServiceConfiguration configuration, Environment environment) {
        configuration.getKafka().buildAdmin(environment, "kafka");
        producer = configuration.getKafka().buildProducer(environment, "producer",
                new StringSerializer(), new StringSerializer());
        ErrorResponseExceptionMapper.registerWith(environment.jersey());
        AdminEndpoints.registerWith(environment);
        environment.metrics().counter("wiring.test.requests{kind=\"probe\"}").inc(3);
        environment.jersey().register(new FailingResource());
    }

    Producer<String, String> producer() {
        return producer;
    }

    /** Fails the ways a real resource can: with a bug, or with an answer it chose. */
    @Path("/fail")
    public static final class FailingResource {

        @GET
        @Path("/bug")
        public String bug() {
            throw new IllegalStateException("secret internal detail");
        }

        @GET
        @Path("/conflict")
        public String conflict() {
            throw new WebApplicationException("incident inc-1 is already resolved", 409);
        }
    }
}
