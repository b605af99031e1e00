package io.agentix.incident.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

class KafkaClustersTest {

    private String previousKind;

    @BeforeEach
    void rememberKindProperty() {
        previousKind = System.getProperty(KafkaClusters.KIND_PROPERTY);
    }

    @AfterEach
    void restoreKindProperty() {
        if (previousKind == null) {
            System.clearProperty(KafkaClusters.KIND_PROPERTY);
        } else {
            System.setProperty(KafkaClusters.KIND_PROPERTY, previousKind);
        }
    }

    @Test
    void choosesEmbeddedWhenDockerIsNotAvailable() {
        KafkaClusters.Choice choice = KafkaClusters.choose(null, () -> false);

        assertThat(choice.kind()).isEqualTo(EmbeddedKafkaCluster.KIND);
        assertThat(choice.reason()).isEqualTo("Docker is not available");
    }

    @Test
    void choosesTestcontainersWhenDockerIsAvailable() {
        assertThat(KafkaClusters.choose(null, () -> true).kind()).isEqualTo(TestcontainersKafkaCluster.KIND);
        assertThat(KafkaClusters.choose("auto", () -> true).kind()).isEqualTo(TestcontainersKafkaCluster.KIND);
    }

    @Test
    void choosesEmbeddedWhenAskedForWithoutProbingDocker() {
        KafkaClusters.Choice choice = KafkaClusters.choose("embedded", () -> {
            throw new AssertionError("Docker must not be probed when the embedded broker is asked for");
        });

        assertThat(choice.kind()).isEqualTo(EmbeddedKafkaCluster.KIND);
        assertThat(choice.reason()).isEqualTo("kafka.cluster=embedded");
    }

    @Test
    void refusesTestcontainersWhenDockerIsNotAvailable() {
        assertThatThrownBy(() -> KafkaClusters.choose("testcontainers", () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kafka.cluster=testcontainers but Docker is not available");
    }

    @Test
    void refusesAnUnknownKindNamingIt() {
        assertThatThrownBy(() -> KafkaClusters.choose("zookeeper", () -> true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'zookeeper'");
    }

    @Test
    void createMakesAnEmbeddedClusterWhenTheKindPropertySaysEmbedded() {
        System.setProperty(KafkaClusters.KIND_PROPERTY, "embedded");

        try (KafkaCluster cluster = KafkaClusters.create()) {
            assertThat(cluster).isInstanceOf(EmbeddedKafkaCluster.class);
        }
    }

    @Test
    void createMakesAnEmbeddedClusterOnAMachineWithoutDocker() {
        System.clearProperty(KafkaClusters.KIND_PROPERTY);
        assumeFalse(System.getenv(KafkaClusters.KIND_ENV) != null, "KAFKA_CLUSTER is set and would decide");
        assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "Docker is available here");

        try (KafkaCluster cluster = KafkaClusters.create()) {
            assertThat(cluster).isInstanceOf(EmbeddedKafkaCluster.class);
        }
    }
}
