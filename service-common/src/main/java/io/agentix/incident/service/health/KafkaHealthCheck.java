package io.agentix.incident.service.health;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;

import com.codahale.metrics.health.HealthCheck;

/**
 * Healthy while the Kafka cluster answers a {@code describeCluster} request within a short timeout.
 *
 * <p>The check asks the broker rather than trusting the client's own state, because a producer or
 * admin client happily sits in reconnect back-off for minutes while the service keeps answering
 * HTTP. The timeout is short so that the admin {@code /healthcheck} endpoint stays responsive
 * while the cluster is down.
 */
public final class KafkaHealthCheck extends HealthCheck {

    private final Admin admin;
    private final String bootstrapServers;
    private final Duration timeout;

    public KafkaHealthCheck(Admin admin, String bootstrapServers, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    @Override
    protected Result check() throws InterruptedException {
        DescribeClusterResult cluster = admin.describeCluster(
                new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
        try {
            Collection<Node> nodes = cluster.nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String clusterId = cluster.clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Result.healthy("Kafka cluster %s at %s: %d broker(s)", clusterId, bootstrapServers, nodes.size());
        } catch (ExecutionException e) {
            return Result.unhealthy("Kafka at %s did not answer describeCluster: %s",
                    bootstrapServers, e.getCause().getMessage());
        } catch (TimeoutException e) {
            return Result.unhealthy("Kafka at %s did not answer describeCluster within %d ms",
                    bootstrapServers, timeout.toMillis());
        }
    }
}
