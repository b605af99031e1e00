package io.agentix.incident.testing;

import java.time.Duration;
import java.util.Objects;

import org.apache.kafka.clients.admin.Admin;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@link KafkaCluster} in a Docker container ({@code apache/kafka}, KRaft), through Testcontainers.
 *
 * <p>{@link #stopBroker()} pauses the container instead of stopping it: a stopped container gets a
 * new host port when it starts again, and clients created before the outage could not reconnect.
 * While paused, connections hang rather than being refused, so clients see request timeouts.
 */
public final class TestcontainersKafkaCluster implements KafkaCluster {

    /** The value of {@link #kind()}. */
    public static final String KIND = "testcontainers";

    /** The image used unless the system property {@value #IMAGE_PROPERTY} names another one. */
    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.0";

    /** System property naming the Kafka image, e.g. {@code apache/kafka:4.1.1}. */
    public static final String IMAGE_PROPERTY = "kafka.image";

    private final KafkaContainer container;
    private boolean paused;
    private Admin admin;

    /** A cluster on {@value #DEFAULT_IMAGE}, or on the image named by {@value #IMAGE_PROPERTY}. */
    public TestcontainersKafkaCluster() {
        this(DockerImageName.parse(System.getProperty(IMAGE_PROPERTY, DEFAULT_IMAGE)));
    }

    /** A cluster on an {@code apache/kafka} compatible image. */
    public TestcontainersKafkaCluster(DockerImageName image) {
        Objects.requireNonNull(image, "image");
        // Same broker behaviour as the embedded broker and production: topics only exist when
        // created explicitly, and a 1 MiB webhook body plus its envelope fits in one record.
        this.container = new KafkaContainer(image)
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_MESSAGE_MAX_BYTES", String.valueOf(4 * 1024 * 1024));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public synchronized TestcontainersKafkaCluster start() {
        if (!container.isRunning()) {
            container.start();
        }
        return this;
    }

    @Override
    public String bootstrapServers() {
        if (!container.isRunning()) {
            throw new IllegalStateException("the Kafka container (" + container.getDockerImageName()
                    + ") is not running: start the cluster first");
        }
        return container.getBootstrapServers();
    }

    @Override
    public synchronized void stopBroker() {
        if (!paused) {
            DockerClientFactory.instance().client().pauseContainerCmd(container.getContainerId()).exec();
            paused = true;
        }
    }

    @Override
    public synchronized void startBroker() {
        if (paused) {
            DockerClientFactory.instance().client().unpauseContainerCmd(container.getContainerId()).exec();
            paused = false;
        }
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
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        // A paused container cannot be stopped gracefully.
        startBroker();
        container.stop();
    }

    @Override
    public String toString() {
        return "Kafka container " + container.getDockerImageName()
                + (container.isRunning() ? " at " + container.getBootstrapServers() : " (not running)");
    }
}
