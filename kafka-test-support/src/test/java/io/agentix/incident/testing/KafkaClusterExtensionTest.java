package io.agentix.incident.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.ConnectException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The extension's lifecycle, checked by running a fixture test class with the JUnit test kit (the
 * fixture is a nested static class, which Surefire does not pick up by itself).
 */
class KafkaClusterExtensionTest {

    @Test
    void sharesOneClusterAcrossTheClassRestartsAStoppedBrokerAndClosesTheClusterAfterTheClass() throws Exception {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(Fixture.class))
                .execute()
                .testEvents();

        tests.assertStatistics(stats -> stats.started(4).succeeded(4).failed(0));
        assertThatThrownBy(Fixture.KAFKA::cluster).isInstanceOf(IllegalStateException.class);
        String[] hostAndPort = Fixture.bootstrapServers.split(":");
        assertThatThrownBy(() -> new Socket(hostAndPort[0], Integer.parseInt(hostAndPort[1])).close())
                .as("broker port after the class")
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void refusesToHandOutAClusterBeforeTheClassStarted() {
        KafkaClusterExtension unregistered = new KafkaClusterExtension(KafkaClusters::embedded);

        assertThatThrownBy(unregistered::cluster)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@RegisterExtension");
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Fixture {

        @RegisterExtension
        static final KafkaClusterExtension KAFKA = new KafkaClusterExtension(KafkaClusters::embedded);

        static String bootstrapServers;

        @Test
        @Order(1)
        void injectsTheClusterOfTheClass(KafkaCluster cluster) {
            assertThat(cluster).isSameAs(KAFKA.cluster());
            bootstrapServers = cluster.bootstrapServers();
        }

        @Test
        @Order(2)
        void leavesTheBrokerStopped(KafkaCluster cluster) {
            cluster.stopBroker();
        }

        @Test
        @Order(3)
        void findsTheBrokerRunningAgain(KafkaCluster cluster) throws Exception {
            assertThat(cluster.admin().describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(1);
        }

        @Nested
        class NestedTests {

            @Test
            void shareTheClusterOfTheEnclosingClass(KafkaCluster cluster) {
                assertThat(cluster.bootstrapServers()).isEqualTo(bootstrapServers);
            }
        }
    }
}
