package io.agentix.incident.testing;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The {@link KafkaClusterContract} on a Kafka container: skipped where Docker is not available. */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKafkaClusterTest extends KafkaClusterContract {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension(KafkaClusters::testcontainers);

    @Override
    String expectedKind() {
        return TestcontainersKafkaCluster.KIND;
    }
}
