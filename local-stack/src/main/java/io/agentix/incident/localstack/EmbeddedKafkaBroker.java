package io.agentix.incident.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.DynamicVoters;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker + controller), in this JVM.
 *
 * <p>Storage is formatted with Kafka's own {@link Formatter} the first time a data directory is
 * used; a directory that already holds a formatted log is reused as it is, so the dev stack keeps
 * its topics across restarts. Auto topic creation is off: topics are created explicitly from
 * configuration, as in production.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path dataDir;
    private final boolean deleteOnClose;
    private final int brokerPort;
    private final int controllerPort;
    private final Map<String, String> overrides;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path dataDir, boolean deleteOnClose, int brokerPort, int controllerPort,
                                Map<String, String> overrides) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.deleteOnClose = deleteOnClose;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.overrides = Map.copyOf(overrides);
    }

    /** A broker on random free ports with its data in a fresh temporary directory, deleted on close. */
    public static EmbeddedKafkaBroker ephemeral() {
        try {
            return new EmbeddedKafkaBroker(Files.createTempDirectory("embedded-kafka-"), true, FreePorts.pick(), FreePorts.pick(), Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the embedded broker", e);
        }
    }

    /** A broker on fixed ports whose data directory is kept (the dev stack: ./var/kafka). */
    public static EmbeddedKafkaBroker persistent(Path dataDir, int brokerPort, int controllerPort) {
        return new EmbeddedKafkaBroker(dataDir, false, brokerPort, controllerPort, Map.of());
    }

    /** A copy of this (not yet started) broker with extra broker properties. */
    public EmbeddedKafkaBroker withOverrides(Map<String, String> extra) {
        Map<String, String> merged = new java.util.HashMap<>(overrides);
        merged.putAll(extra);
        return new EmbeddedKafkaBroker(dataDir, deleteOnClose, brokerPort, controllerPort, merged);
    }

    /** Formats the storage if needed and starts the broker; returns once it serves requests. */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        Path logDir = dataDir.resolve("logs");
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(logDir);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + logDir + ": " + e.getMessage(), e);
        }
        KafkaRaftServer raftServer = new KafkaRaftServer(KafkaConfig.fromProps(brokerProperties(logDir)), Time.SYSTEM);
        raftServer.startup();
        server = raftServer;
        LOG.info("Embedded Kafka broker listening on {} (data {}) after {} ms",
                bootstrapServers(), dataDir, (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    /** {@code host:port} for clients. */
    public String bootstrapServers() {
        return "localhost:" + brokerPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Stops the broker (a clean shutdown); the data stays until {@link #close()} of an ephemeral broker. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    @Override
    public synchronized void close() {
        stop();
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private void format(Path logDir) throws Exception {
        String directoryId = Uuid.randomUuid().toString();
        Formatter formatter = new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                .setNodeId(NODE_ID)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setInitialControllers(DynamicVoters.parse(NODE_ID + "@localhost:" + controllerPort + ":" + directoryId))
                .setHasDynamicQuorum(true);
        formatter.run();
    }

    private Properties brokerProperties(Path logDir) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", "PLAINTEXT://localhost:" + brokerPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("metadata.log.dir", logDir.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("group.streams.initial.rebalance.delay.ms", "0");
        // Large enough for a 1 MiB webhook body plus its envelope on webhooks.raw.
        props.put("message.max.bytes", String.valueOf(4 * 1024 * 1024));
        props.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        props.put("log.cleaner.backoff.ms", "1000");
        props.put("server.max.startup.time.ms", "60000");
        props.putAll(overrides);
        return props;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("could not delete {}: {}", p, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }
}
