package io.agentix.incident.testing;

import java.time.Duration;
import java.util.Objects;

import org.apache.kafka.clients.admin.Admin;

import io.agentix.incident.localstack.EmbeddedKafkaBroker;

/**
 * A {@link KafkaCluster} on the in-process KRaft broker of the local stack: no Docker needed, up in
 * about two seconds. {@link #stopBroker()} shuts the broker down cleanly and {@link #startBroker()}
 * starts it again on the same ports with the same data, so clients see refused connections during
 * the outage and reconnect afterwards.
 */
public final class EmbeddedKafkaCluster implements KafkaCluster {

    /** The value of {@link #kind()}. */
    public static final String KIND = "embedded";

    private final EmbeddedKafkaBroker broker;
    private Admin admin;

    /** A cluster on random free ports with its data in a temporary directory, deleted on close. */
    public EmbeddedKafkaCluster() {
        this(EmbeddedKafkaBroker.ephemeral());
    }

    /** A cluster on the given (not yet started) broker, which it closes with itself. */
    public EmbeddedKafkaCluster(EmbeddedKafkaBroker broker) {
        this.broker = Objects.requireNonNull(broker, "broker");
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public EmbeddedKafkaCluster start() {
        broker.start();
        return this;
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public void stopBroker() {
        broker.stop();
    }

    @Override
    public void startBroker() {
        broker.start();
    }

    @Override
    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminConfig());
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            // Bounded: the broker may be stopped, and the admin would otherwise wait for it.
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        broker.close();
    }

    @Override
    public String toString() {
        return "embedded Kafka at " + bootstrapServers();
    }
}
