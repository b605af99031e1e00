package io.agentix.incident.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.awaitility.Awaitility;

import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicCreator;
import io.agentix.incident.topics.TopicDefinition;

/**
 * A single-node Kafka cluster for integration tests: the embedded KRaft broker
 * ({@link EmbeddedKafkaCluster}) or a Kafka container ({@link TestcontainersKafkaCluster}).
 * Tests are written once against this interface and run on whichever one the machine offers
 * (see {@link KafkaClusters#create()}); most tests get it from {@link KafkaClusterExtension}.
 *
 * <p>Both kinds behave alike where tests can tell: auto topic creation is off (topics are created
 * explicitly, as in production), internal topics have one replica, and the broker can be taken
 * away and brought back on the same address with {@link #stopBroker()} / {@link #startBroker()}.
 */
public interface KafkaCluster extends AutoCloseable {

    /** How long {@link #createTopics} and {@link #createTopic} wait for the broker. */
    Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    /** {@code "embedded"} or {@code "testcontainers"}, for logs and assertions. */
    String kind();

    /** Starts the cluster if it is not running yet; returns once it serves requests. */
    KafkaCluster start();

    /** {@code host:port} for clients; the same before and after {@link #stopBroker()}. */
    String bootstrapServers();

    /**
     * Makes the broker unavailable, as an outage would: clients keep their connections or retry
     * them, and requests time out. The data stays.
     *
     * <p>A producer that should fail fast during the outage needs a short {@code delivery.timeout.ms}
     * and a short {@code max.block.ms}: {@code send()} may first wait that long for the topic's
     * metadata (60 s by default).
     */
    void stopBroker();

    /**
     * Brings the broker back on the same address after {@link #stopBroker()}, so clients created
     * before the outage reconnect by themselves. Does nothing when the broker is running.
     */
    void startBroker();

    /** An admin client owned by the cluster and closed with it; do not close it yourself. */
    Admin admin();

    /** Stops the cluster and deletes its data. */
    @Override
    void close();

    /** The settings of an admin client of this cluster; a fresh, mutable map. */
    default Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /**
     * The settings of a producer as the services configure theirs: acks=all and idempotence, so an
     * acknowledged record is on the broker exactly once. A fresh, mutable map: add serializers or
     * override timeouts as the test needs.
     */
    default Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return config;
    }

    /**
     * The settings of a consumer in {@code groupId} that reads from the beginning, sees only
     * committed records (read_committed, as downstream of an exactly-once application) and commits
     * offsets explicitly. A fresh, mutable map.
     */
    default Map<String, Object> consumerConfig(String groupId) {
        Objects.requireNonNull(groupId, "groupId");
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return config;
    }

    /**
     * Creates the catalog's topics that do not exist yet (with {@link TopicCreator}, as the
     * services do at start-up) and returns once the broker lists all of them.
     *
     * @throws IllegalStateException naming the topic or the cluster when the broker refuses or
     *     does not answer within {@link #ADMIN_TIMEOUT}
     */
    default void createTopics(TopicCatalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        try {
            new TopicCreator(admin()).createMissing(catalog.all(), ADMIN_TIMEOUT.toMillis());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating the catalog's topics on " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the catalog's topics on " + bootstrapServers(), e);
        }
        awaitListed(catalog.all().stream().map(TopicDefinition::name).toList());
    }

    /**
     * Creates one topic with a single replica and returns once the broker lists it.
     *
     * @throws IllegalStateException naming the topic when it exists already, the broker refuses
     *     it or does not answer within {@link #ADMIN_TIMEOUT}
     */
    default void createTopic(String name, int partitions, Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(configs, "configs");
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + ": partitions must be at least 1, was " + partitions);
        }
        NewTopic topic = new NewTopic(name, partitions, (short) 1).configs(configs);
        try {
            admin().createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topic " + name + " on " + bootstrapServers() + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + name + " on " + bootstrapServers(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name + " on " + bootstrapServers(), e);
        }
        awaitListed(List.of(name));
    }

    private void awaitListed(List<String> names) {
        // The controller acknowledges a new topic before the broker's metadata cache has it; a
        // test that describes or produces to it at once must not race that propagation.
        Awaitility.await("topics " + names + " listed by " + bootstrapServers())
                .atMost(ADMIN_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    Set<String> listed = admin().listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    return listed.containsAll(names);
                });
    }
}
