package io.agentix.incident.testing;

import java.util.Locale;
import java.util.Objects;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Chooses the {@link KafkaCluster} for this machine: a Kafka container when Docker is available,
 * the embedded broker otherwise. The system property {@value #KIND_PROPERTY} (or the environment
 * variable {@value #KIND_ENV}) forces a kind: {@code embedded} (no Docker probe at all, the fast
 * choice for CI without Docker) or {@code testcontainers} (fails when Docker is missing).
 */
public final class KafkaClusters {

    /** System property forcing the kind: {@code embedded}, {@code testcontainers} or {@code auto}. */
    public static final String KIND_PROPERTY = "kafka.cluster";

    /** Environment variable read when the system property is not set. */
    public static final String KIND_ENV = "KAFKA_CLUSTER";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusters.class);

    private KafkaClusters() {
    }

    /**
     * A new, not yet started cluster of the kind chosen for this machine; the choice and its reason
     * are logged.
     *
     * @throws IllegalArgumentException when {@value #KIND_PROPERTY} names an unknown kind
     * @throws IllegalStateException when {@code testcontainers} is forced and Docker is not available
     */
    public static KafkaCluster create() {
        String requested = System.getProperty(KIND_PROPERTY, System.getenv(KIND_ENV));
        Choice choice = choose(requested, () -> DockerClientFactory.instance().isDockerAvailable());
        LOG.info("Kafka for tests: {} ({})", choice.kind(), choice.reason());
        return choice.kind().equals(TestcontainersKafkaCluster.KIND) ? testcontainers() : embedded();
    }

    /** A new, not yet started cluster on the embedded broker. */
    public static KafkaCluster embedded() {
        return new EmbeddedKafkaCluster();
    }

    /** A new, not yet started cluster in a Kafka container; starting it needs Docker. */
    public static KafkaCluster testcontainers() {
        return new TestcontainersKafkaCluster();
    }

    /** The kind to use and why, given the requested kind (may be null) and whether Docker answers. */
    static Choice choose(String requested, BooleanSupplier dockerAvailable) {
        Objects.requireNonNull(dockerAvailable, "dockerAvailable");
        String kind = requested == null || requested.isBlank() ? "auto" : requested.trim().toLowerCase(Locale.ROOT);
        switch (kind) {
            case EmbeddedKafkaCluster.KIND:
                return new Choice(EmbeddedKafkaCluster.KIND, KIND_PROPERTY + "=" + requested);
            case TestcontainersKafkaCluster.KIND:
                if (!dockerAvailable.getAsBoolean()) {
                    throw new IllegalStateException(KIND_PROPERTY + "=" + requested
                            + " but Docker is not available; unset it to fall back to the embedded broker");
                }
                return new Choice(TestcontainersKafkaCluster.KIND, KIND_PROPERTY + "=" + requested);
            case "auto":
                return dockerAvailable.getAsBoolean()
                        ? new Choice(TestcontainersKafkaCluster.KIND, "Docker is available")
                        : new Choice(EmbeddedKafkaCluster.KIND, "Docker is not available");
            default:
                throw new IllegalArgumentException("unknown Kafka cluster kind '" + requested + "' in " + KIND_PROPERTY
                        + "; use " + EmbeddedKafkaCluster.KIND + ", " + TestcontainersKafkaCluster.KIND + " or auto");
        }
    }

    /** A chosen kind ({@link KafkaCluster#kind()}) and the reason for it. */
    record Choice(String kind, String reason) {
    }
}
