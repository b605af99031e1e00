package io.agentix.incident.localstack.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpServer;

import io.agentix.incident.localstack.registry.StoreRecords.Ignored;
import io.agentix.incident.localstack.registry.StoreRecords.UnsupportedSchema;
import io.agentix.incident.localstack.registry.StoreRecords.Update;

/**
 * A schema registry speaking the Confluent Schema Registry REST API (AVRO schemas), enough for
 * Confluent's serializers, clients and tools to work against it, for the dev stack and tests.
 * Production points at a real Confluent Schema Registry instead.
 *
 * <p>Its state lives in a compacted single-partition Kafka topic in Confluent's own record layout
 * ({@code _schemas} by default, created if missing): at start-up the whole topic is read, so ids
 * and versions survive restarts, and every change is written there and applied before it is
 * answered. One registry per topic at a time.
 *
 * <pre>{@code
 * try (SchemaRegistryServer registry = SchemaRegistryServer.start(
 *         new SchemaRegistryServer.Config(broker.bootstrapServers(), "localhost", 0, "_schemas"))) {
 *     props.put("schema.registry.url", registry.url());
 * }
 * }</pre>
 */
public final class SchemaRegistryServer implements AutoCloseable {

    /** The topic name Confluent Schema Registry uses by default. */
    public static final String DEFAULT_TOPIC = "_schemas";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
    /** How long a write may wait for Kafka before it is answered 50002; also bounds start-up steps. */
    static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofSeconds(10);
    private static final int HTTP_THREADS = 4;
    private static final int HTTP_QUEUE = 64;

    /**
     * Where the registry keeps its state and where it listens.
     *
     * @param bootstrapServers Kafka to store the schemas in
     * @param host             interface to listen on ("localhost", or "0.0.0.0" for all)
     * @param port             HTTP port; 0 picks a free one
     * @param topic            the schemas topic, conventionally {@link #DEFAULT_TOPIC}
     */
    public record Config(String bootstrapServers, String host, int port, String topic) {

        public Config {
            requireText(bootstrapServers, "bootstrapServers");
            requireText(host, "host");
            requireText(topic, "topic");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
            }
        }

        private static void requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
        }
    }

    private final Config config;
    private final KafkaSchemaStore store;
    private final HttpServer http;
    private final ThreadPoolExecutor executor;
    private final int port;
    private final String url;

    private SchemaRegistryServer(Config config, KafkaSchemaStore store, HttpServer http, ThreadPoolExecutor executor) {
        this.config = config;
        this.store = store;
        this.http = http;
        this.executor = executor;
        this.port = http.getAddress().getPort();
        this.url = "http://localhost:" + port;
    }

    /** Reads the schemas topic (creating it if missing) and starts listening; returns once it serves requests. */
    public static SchemaRegistryServer start(Config config) {
        return start(config, DEFAULT_STORE_TIMEOUT);
    }

    /** {@link #start(Config)} with another Kafka timeout (tests of an unavailable broker use a short one). */
    static SchemaRegistryServer start(Config config, Duration storeTimeout) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(storeTimeout, "storeTimeout");
        long started = System.nanoTime();
        RegistryState state = new RegistryState();
        KafkaSchemaStore store = KafkaSchemaStore.open(config.bootstrapServers(), config.topic(), storeTimeout,
                record -> apply(state, record));
        ThreadPoolExecutor executor = httpExecutor();
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
            http.createContext("/", new RegistryHttpHandler(new SchemaRegistry(state, store::write)));
            http.setExecutor(executor);
            http.start();
            SchemaRegistryServer server = new SchemaRegistryServer(config, store, http, executor);
            LOG.info("Schema registry listening on {} (topic {} at {}, highest schema id {}) after {} ms", server.url(),
                    config.topic(), config.bootstrapServers(), state.maxId(), (System.nanoTime() - started) / 1_000_000);
            return server;
        } catch (IOException e) {
            executor.shutdownNow();
            store.close();
            throw new UncheckedIOException("schema registry cannot listen on " + config.host() + ":" + config.port(), e);
        }
    }

    /** The base URL for clients' {@code schema.registry.url}. */
    public String url() {
        return url;
    }

    public int port() {
        return port;
    }

    /** Lets requests in flight finish (up to 5 s), stops answering, then stops the Kafka reader and writer. */
    @Override
    public void close() {
        // Once the executor is shut down, new requests are dropped; those in flight still finish.
        // (HttpServer.stop(delay) would instead wait out the whole delay on JDK 17.)
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("Schema registry on {}: requests still running after 5 s are cut off", url);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop(0);
        store.close();
        LOG.info("Schema registry on {} (topic {}) stopped", url, config.topic());
    }

    private static void apply(RegistryState state, ConsumerRecord<byte[], byte[]> record) {
        Update update;
        try {
            update = StoreRecords.decode(record.key(), record.value());
        } catch (IllegalArgumentException e) {
            // A record this registry cannot use must not stop it from serving the others.
            LOG.warn("Skipping record {}-{}@{} of the schemas topic: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        if (update instanceof UnsupportedSchema unsupported) {
            LOG.warn("Record {}-{}@{} holds a {} schema (subject {} version {}); only AVRO schemas are served, id {} stays reserved",
                    record.topic(), record.partition(), record.offset(), unsupported.schemaType(), unsupported.subject(),
                    unsupported.version(), unsupported.id());
        } else if (update instanceof Ignored ignored) {
            LOG.debug("Ignoring {} record {}-{}@{}", ignored.keyType(), record.topic(), record.partition(), record.offset());
        }
        state.apply(update);
    }

    private static ThreadPoolExecutor httpExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, "schema-registry-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // Bounded: when the queue is full the HTTP dispatcher runs the request itself, which slows
        // down accepting new ones instead of dropping them.
        return new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(HTTP_QUEUE), threads, new ThreadPoolExecutor.CallerRunsPolicy());
    }
}
