package io.agentix.incident.testing;

import java.util.Objects;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One {@link KafkaCluster} per test class: started before the first test, closed after the last.
 * Register it in a static field; tests reach the cluster through the field or take it as a
 * parameter of a test, lifecycle method or constructor.
 *
 * <pre>{@code
 * class IngestEndToEndTest {
 *
 *     @RegisterExtension
 *     static final KafkaClusterExtension KAFKA = new KafkaClusterExtension();
 *
 *     @BeforeAll
 *     static void createTopics() {
 *         KAFKA.cluster().createTopics(TopicCatalog.defaults());
 *     }
 *
 *     @Test
 *     void answers503WhileKafkaIsDown(KafkaCluster kafka) {
 *         Map<String, Object> producer = kafka.producerConfig();
 *         producer.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000);
 *         producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 3_000);
 *         // ... start the app with producer, then:
 *         kafka.stopBroker();
 *         // ... POST a webhook, expect 503
 *         kafka.startBroker();
 *     }
 * }
 * }</pre>
 *
 * <p>The cluster is the one {@link KafkaClusters#create()} picks for the machine (a container when
 * Docker is available, the embedded broker otherwise); {@code new KafkaClusterExtension(
 * KafkaClusters::embedded)} forces one. The cluster is shared by the tests of the class, so give
 * each test its own topics and consumer groups. A test that leaves the broker stopped gets it
 * started again after it, so that one failed outage test does not fail the tests after it.
 * {@code @Nested} classes share the cluster of their enclosing class.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback,
        ParameterResolver {

    private final Supplier<? extends KafkaCluster> factory;
    private KafkaCluster cluster;
    private ExtensionContext owner;

    /** A cluster of the kind {@link KafkaClusters#create()} chooses. */
    public KafkaClusterExtension() {
        this(KafkaClusters::create);
    }

    /** A cluster made by {@code factory}, e.g. {@code KafkaClusters::embedded}; it need not be started. */
    public KafkaClusterExtension(Supplier<? extends KafkaCluster> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The running cluster of the current test class. */
    public synchronized KafkaCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("no Kafka cluster: register the KafkaClusterExtension in a static field"
                    + " with @RegisterExtension, and use it from a test or a @BeforeAll/@BeforeEach method");
        }
        return cluster;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        // Nested classes run beforeAll again on the same static extension: keep the outer cluster.
        if (cluster != null) {
            return;
        }
        KafkaCluster created = Objects.requireNonNull(factory.get(), "the KafkaCluster factory returned null");
        try {
            created.start();
        } catch (RuntimeException e) {
            try {
                created.close();
            } catch (RuntimeException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        cluster = created;
        owner = context;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        if (cluster != null) {
            cluster.startBroker();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (cluster != null && context == owner) {
            try {
                cluster.close();
            } finally {
                cluster = null;
                owner = null;
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public KafkaCluster resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster();
    }
}
