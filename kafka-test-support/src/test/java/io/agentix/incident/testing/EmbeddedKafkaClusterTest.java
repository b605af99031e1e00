package io.agentix.incident.testing;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@link KafkaClusterContract} on the embedded broker: runs everywhere, Docker or not. */
class EmbeddedKafkaClusterTest extends KafkaClusterContract {

    @RegisterExtension
    static final KafkaClusterExtension KAFKA = new KafkaClusterExtension(KafkaClusters::embedded);

    @Override
    String expectedKind() {
        return EmbeddedKafkaCluster.KIND;
    }
}
