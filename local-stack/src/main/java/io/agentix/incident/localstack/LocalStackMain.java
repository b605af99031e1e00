package io.agentix.incident.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.localstack.registry.SchemaRegistryServer;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicCreator;

/**
 * The dev stack's infrastructure in one JVM: a persistent single-node KRaft broker, the schema
 * registry, and every topic of the engine. Prints {@code READY} on stdout once all three are up;
 * stops cleanly on SIGINT/SIGTERM.
 *
 * <pre>
 * java -jar local-stack.jar [--data-dir var] [--kafka-port 9092] [--controller-port 9093]
 *                           [--registry-port 8081] [--partitions 6]
 * </pre>
 */
public final class LocalStackMain {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStackMain.class);

    private LocalStackMain() {
    }

    /** Parsed command line. */
    record Options(Path dataDir, int kafkaPort, int controllerPort, int registryPort, int partitions) {

        static Options parse(String[] args) {
            Path dataDir = Path.of("var");
            int kafkaPort = 9092;
            int controllerPort = 9093;
            int registryPort = 8081;
            int partitions = TopicCatalog.DEFAULT_PARTITIONS;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("-h") || flag.equals("--help")) {
                    throw new UsageException(null);
                }
                if (i + 1 >= args.length) {
                    throw new UsageException("missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--kafka-port" -> kafkaPort = port(flag, value);
                    case "--controller-port" -> controllerPort = port(flag, value);
                    case "--registry-port" -> registryPort = port(flag, value);
                    case "--partitions" -> partitions = positive(flag, value);
                    default -> throw new UsageException("unknown option " + flag);
                }
            }
            return new Options(dataDir, kafkaPort, controllerPort, registryPort, partitions);
        }

        private static int port(String flag, String value) {
            int port = positive(flag, value);
            if (port > 65535) {
                throw new UsageException(flag + " must be a port number, was " + value);
            }
            return port;
        }

        private static int positive(String flag, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n < 1) {
                    throw new UsageException(flag + " must be positive, was " + value);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException(flag + " must be a number, was '" + value + "'");
            }
        }
    }

    /** A bad command line; the message (if any) says what is wrong. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("local-stack: " + e.getMessage());
            }
            System.err.println("usage: local-stack [--data-dir DIR] [--kafka-port 9092] [--controller-port 9093]"
                    + " [--registry-port 8081] [--partitions 6]");
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        List<AutoCloseable> running = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(running);
            stopped.countDown();
        }, "local-stack-shutdown"));
        try {
            start(options, running);
        } catch (RuntimeException e) {
            LOG.error("local stack failed to start: {}", e.getMessage(), e);
            System.err.println("local-stack: failed to start: " + e.getMessage());
            System.exit(1);
        }
        System.out.println("READY kafka=localhost:" + options.kafkaPort()
                + " schema-registry=http://localhost:" + options.registryPort());
        System.out.flush();
        stopped.await();
    }

    private static void start(Options options, List<AutoCloseable> running) {
        long t0 = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.persistent(
                options.dataDir().resolve("kafka"), options.kafkaPort(), options.controllerPort());
        synchronized (running) {
            running.add(broker);
        }
        broker.start();
        createTopics(broker.bootstrapServers(), TopicCatalog.from(options.partitions(), (short) 1, Map.of()));
        SchemaRegistryServer registry = SchemaRegistryServer.start(new SchemaRegistryServer.Config(
                broker.bootstrapServers(), "localhost", options.registryPort(), "_schemas"));
        synchronized (running) {
            running.add(registry);
        }
        LOG.info("local stack up in {} ms: kafka {}, schema registry {}",
                (System.nanoTime() - t0) / 1_000_000, broker.bootstrapServers(), registry.url());
    }

    private static void createTopics(String bootstrapServers, TopicCatalog catalog) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<String> created = new TopicCreator(admin).createMissing(catalog.all(), 30_000);
            LOG.info("topics created: {}", created.isEmpty() ? "none (all existed)" : created);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topics on " + bootstrapServers, e);
        }
    }

    /** Stops in reverse start order: the registry before the broker it writes to. */
    private static void stopAll(List<AutoCloseable> running) {
        List<AutoCloseable> toStop;
        synchronized (running) {
            toStop = new ArrayList<>(running);
            running.clear();
        }
        for (int i = toStop.size() - 1; i >= 0; i--) {
            try {
                toStop.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while stopping {}: {}", toStop.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
