package io.agentix.incident.service.kafka;

import java.time.Duration;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dropwizard.lifecycle.Managed;

/**
 * Closes a Kafka client when the application stops, bounded by a timeout so a cluster that is
 * down cannot hold up shutdown (a producer flushes pending records within that time).
 */
final class ManagedKafkaClient implements Managed {

    /** How one client is closed: {@code Admin::close} and {@code Producer::close} both take a timeout. */
    interface Closer {
        void close(Duration timeout);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ManagedKafkaClient.class);

    private final String name;
    private final Closer closer;
    private final Duration timeout;

    ManagedKafkaClient(String name, Closer closer, Duration timeout) {
        this.name = Objects.requireNonNull(name, "name");
        this.closer = Objects.requireNonNull(closer, "closer");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public void stop() {
        LOG.info("Closing Kafka client {}", name);
        closer.close(timeout);
    }
}
