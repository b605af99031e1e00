package io.agentix.incident.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.escalation.topology.EscalationTopology;
import io.agentix.incident.escalation.topology.EscalationTopologyConfig;
import io.agentix.incident.escalation.topology.StoreType;
import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.AlertKind;
import io.agentix.incident.events.Impact;
import io.agentix.incident.events.TimeSource;
import io.agentix.incident.serde.AvroSerdeConfig;
import io.agentix.incident.topics.EventTopic;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicCreator;
import io.agentix.incident.topics.TopicSettings;
import io.agentix.incident.topics.TopicSpecs;

/**
 * One measurement of the escalation topology on a real broker (bench/escalation-bench.sh runs the
 * protocol and the broker, as a separate JVM): the engine's topology, or the baseline, an
 * exactly-once copy from {@code alerts} to {@code notifications} with the same settings.
 *
 * <ul>
 *   <li>{@code throughput}: {@code --open-incidents} incidents are opened first; then
 *       {@code --alerts} alerts of those incidents (each a new event: the incident is updated) are
 *       produced as fast as the producer goes, and the rate is alerts over the time until the app
 *       has committed all of them.</li>
 *   <li>{@code latency}: alerts of new problems at {@code --rate} per second; the latency of an alert
 *       is from its send to the moment the first notification it caused is read (read_committed)
 *       from {@code notifications}; alerts of the warm-up are not counted. With {@code --repeats-per-new R}
 *       an alert storm instead: each new problem is followed by R repeats of problems opened before
 *       (they join their incidents and page nobody), and the latency is that of the new problems.</li>
 * </ul>
 * Prints one JSON line with the figures. Every run uses topics and an application id of its own.
 */
public final class EscalationBench {

    private static final String COPY = "copy";
    private static final String ENGINE = "engine";

    private final Map<String, String> options;
    private final String bootstrap;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final TopicCatalog catalog;
    private final TopicSpecs topics;
    private final String topology;
    private final int commitIntervalMs;

    private EscalationBench(Map<String, String> options) {
        this.options = options;
        this.bootstrap = option("bootstrap", "localhost:29092");
        this.topology = option("topology", ENGINE);
        this.commitIntervalMs = Integer.parseInt(option("commit-interval-ms", "10"));
        Map<String, TopicSettings> names = new HashMap<>();
        for (EventTopic topic : EventTopic.values()) {
            // alerts and incident-commands: one partition, as shipped (the engine's unit of consistency).
            names.put(topic.defaultName(), new TopicSettings(topic.defaultName() + "-" + run, 1, null, Map.of()));
        }
        this.catalog = TopicCatalog.from(1, (short) 1, names);
        this.topics = TopicSpecs.create(catalog, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                option("registry", "http://localhost:28081")));
    }

    public static void main(String[] args) throws Exception {
        BenchLogging.quiet();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        new EscalationBench(options).measure();
        System.exit(0);
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    private void measure() throws Exception {
        Path stateDir = Files.createTempDirectory("escalation-bench-");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicCreator(admin).createMissing(catalog.all(), 30_000);
            if (COPY.equals(topology) && Integer.parseInt(option("copy-extra", "0")) > 0) {
                admin.createTopics(extraCopyTopics().stream().map(name -> new NewTopic(name, 1, (short) 1)).toList())
                        .all().get(30, TimeUnit.SECONDS);
            }
            KafkaStreams streams = new KafkaStreams(topology(), streamsConfig(stateDir));
            AtomicReference<Throwable> died = new AtomicReference<>();
            streams.setUncaughtExceptionHandler(e -> {
                died.set(e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.start();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig())) {
                awaitRunning(streams, died);
                String scenario = option("scenario", "throughput");
                String result = switch (scenario) {
                    case "throughput" -> throughput(admin, producer, died);
                    case "latency" -> latency(streams, producer, died);
                    default -> throw new IllegalArgumentException("unknown --scenario " + scenario);
                };
                System.out.println(result);
            } finally {
                streams.close(Duration.ofSeconds(30));
                streams.cleanUp();
            }
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private Topology topology() throws IOException {
        if (COPY.equals(topology)) {
            StreamsBuilder builder = new StreamsBuilder();
            KStream<String, byte[]> alerts = builder.stream(topics.alerts().name(),
                    Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("copy-source"));
            alerts.to(topics.notifications().name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("copy-sink"));
            // --copy-extra K --copy-extra-topics T: K more copies of every alert, spread over T topics of one
            // partition each: the same records per transaction on more or fewer partitions, to tell what a
            // transaction costs per partition it touches from what it costs per record.
            int extra = Integer.parseInt(option("copy-extra", "0"));
            if (extra > 0) {
                List<String> extraTopics = extraCopyTopics();
                alerts.flatMap((key, value) -> {
                    List<KeyValue<String, byte[]>> copies = new ArrayList<>(extra);
                    for (int i = 0; i < extra; i++) {
                        copies.add(KeyValue.pair(i + "|" + key, value));
                    }
                    return copies;
                }, Named.as("copy-extra")).to((key, value, context) -> {
                    int copy = Integer.parseInt(key.substring(0, key.indexOf('|')));
                    return extraTopics.get(copy % extraTopics.size());
                }, Produced.with(Serdes.String(), Serdes.ByteArray()).withName("copy-extra-sink"));
            }
            return builder.build();
        }
        var policy = options.containsKey("policy") ? PolicyLoader.load(Path.of(options.get("policy"))) : PolicyLoader.shipped();
        // --stores in-memory: the same topology on in-memory stores (still logged to changelogs), to
        // tell RocksDB's share of a figure from the rest.
        StoreType stores = "in-memory".equals(option("stores", "rocksdb")) ? StoreType.IN_MEMORY : StoreType.PERSISTENT;
        return EscalationTopology.build(new EscalationTopologyConfig(topics, policy, Duration.ofSeconds(1), stores));
    }

    /** The topics of {@code --copy-extra}, one partition each, {@code --copy-extra-topics} of them. */
    private List<String> extraCopyTopics() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < Integer.parseInt(option("copy-extra-topics", "1")); i++) {
            names.add("copy-extra-" + i + "-" + run);
        }
        return names;
    }

    private Properties streamsConfig(Path stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "escalation-bench-" + run);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // --producer-linger-ms N: the streams producer's linger.ms (Kafka Streams' own default is 100; the
        // engine's StreamsFactory sets its own), to compare what the commit's flush waits for.
        if (options.containsKey("producer-linger-ms")) {
            config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG),
                    Integer.parseInt(options.get("producer-linger-ms")));
        }
        // --streams-config k=v,k=v: any further Kafka Streams settings (with the producer./consumer.
        // prefixes), for experiments such as producer.retry.backoff.ms; applied last.
        for (String setting : option("streams-config", "").split(",")) {
            if (!setting.isBlank()) {
                int eq = setting.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--streams-config expects key=value pairs, got '" + setting + "'");
                }
                config.put(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
            }
        }
        return config;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    /** Opens the incidents, then times the app through alerts that each update one of them. */
    private String throughput(Admin admin, KafkaProducer<String, byte[]> producer, AtomicReference<Throwable> died)
            throws Exception {
        int open = Integer.parseInt(option("open-incidents", "10000"));
        int alerts = Integer.parseInt(option("alerts", "200000"));
        for (int i = 0; i < open; i++) {
            send(producer, alert("problem-" + i, "first", Instant.now()));
        }
        producer.flush();
        awaitCommitted(admin, died, Duration.ofMinutes(5));
        // --warmup-alerts N: the same kind of load, unmeasured, so the JIT compilers (half a core each
        // for a minute in a fresh JVM on 2 cores) are done before the clock starts.
        int warmupAlerts = Integer.parseInt(option("warmup-alerts", "0"));
        if (warmupAlerts > 0) {
            for (int i = 0; i < warmupAlerts; i++) {
                send(producer, alert("problem-" + (i % open), "warmup-" + i, Instant.now()));
            }
            producer.flush();
            awaitCommitted(admin, died, Duration.ofMinutes(10));
        }
        long start = System.nanoTime();
        Instant now = Instant.now();
        for (int i = 0; i < alerts; i++) {
            // Each a distinct event of one of the open problems, round robin: every one updates an incident.
            send(producer, alert("problem-" + (i % open), "repeat-" + i, now));
        }
        producer.flush();
        long sent = System.nanoTime();
        awaitCommitted(admin, died, Duration.ofMinutes(10));
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "{\"scenario\": \"throughput\", \"topology\": \"%s\", \"commitIntervalMs\": %d, "
                        + "\"openIncidents\": %d, \"warmupAlerts\": %d, \"alerts\": %d, \"seconds\": %.3f, "
                        + "\"alertsPerSecond\": %.0f, \"produceSeconds\": %.3f}", topology, commitIntervalMs, open,
                warmupAlerts, alerts, seconds, alerts / seconds,
                (sent - start) / 1e9);
    }

    /** Paces alerts of new problems and reads the first notification each one caused. */
    private String latency(KafkaStreams streams, KafkaProducer<String, byte[]> producer, AtomicReference<Throwable> died)
            throws Exception {
        // --timeline true: one line per second on stderr (alerts sent, notifications read, the worst
        // latency read in that second, and the stream thread's worst commit, punctuation and poll of
        // the metrics window, which --streams-config metrics.sample.window.ms=1000 makes a second), to
        // tell a steady tail from stalls and what the thread was doing in them.
        boolean timeline = Boolean.parseBoolean(option("timeline", "false"));
        int rate = Integer.parseInt(option("rate", "1000"));
        int warmup = Integer.parseInt(option("warmup-seconds", "10"));
        int seconds = Integer.parseInt(option("seconds", "30"));
        int total = rate * (warmup + seconds);
        // --repeats-per-new R: an alert storm's shape instead of only new problems: after each alert of a
        // new problem, R alerts that repeat problems opened before (new events of open incidents: they
        // join them and notify nobody). The latency is still that of the new problems' first page.
        int repeatsPerNew = Integer.parseInt(option("repeats-per-new", "0"));
        int expected = 0;
        int sent = 0;
        List<Long> latencies = new ArrayList<>(rate * seconds);
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "escalation-bench-reader-" + run,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topics.notifications().name()));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(50));
            }
            long startNanos = System.nanoTime();
            long countFromMillis = System.currentTimeMillis() + warmup * 1000L;
            long deadline = System.currentTimeMillis() + (warmup + seconds + 60) * 1000L;
            long second = 0;
            Map<String, Double> producerTotals = new HashMap<>();
            int sentBefore = 0;
            int readInSecond = 0;
            long worstInSecond = 0;
            while ((sent < total || latencies.size() < expected) && System.currentTimeMillis() < deadline) {
                long now = (System.nanoTime() - startNanos) / 1_000_000_000L;
                if (timeline && now > second) {
                    System.err.printf(Locale.ROOT, "t=%3d sent=%5d read=%5d worst=%5d ms %s%n", second, sent - sentBefore,
                            readInSecond, worstInSecond, threadMetrics(streams, producerTotals));
                    second = now;
                    sentBefore = sent;
                    readInSecond = 0;
                    worstInSecond = 0;
                }
                // Send what the schedule says is due by now, then read for at most 1 ms.
                long due = Math.min(total, (long) ((System.nanoTime() - startNanos) / 1e9 * rate));
                while (sent < due) {
                    Instant at = Instant.now();
                    int problem = sent / (repeatsPerNew + 1);
                    if (sent % (repeatsPerNew + 1) == 0) {
                        send(producer, alert("new-" + problem, "only", at));
                        expected += at.toEpochMilli() >= countFromMillis ? 1 : 0;
                    } else {
                        // One of the problems opened so far, spread over all of them.
                        send(producer, alert("new-" + (int) ((sent * 7919L) % (problem + 1)), "repeat-" + sent, at));
                    }
                    sent++;
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(1))) {
                    long received = System.currentTimeMillis();
                    // The engine stamps what it decides with the alert's time: the key tells the cause.
                    if (seen.add(record.key())) {
                        readInSecond++;
                        worstInSecond = Math.max(worstInSecond, received - record.timestamp());
                        if (record.timestamp() >= countFromMillis) {
                            latencies.add(received - record.timestamp());
                        }
                    }
                }
                if (died.get() != null) {
                    throw new IllegalStateException("the streams app died", died.get());
                }
            }
        }
        if (sent < total || latencies.size() < expected) {
            throw new IllegalStateException("only " + latencies.size() + " of " + expected + " new problems were notified in time");
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(Locale.ROOT, "{\"scenario\": \"latency\", \"topology\": \"%s\", \"stores\": \"%s\", \"commitIntervalMs\": %d, "
                        + "\"producerLingerMs\": \"%s\", \"streamsConfig\": \"%s\", \"rate\": %d, \"repeatsPerNew\": %d, \"warmupSeconds\": %d, \"alerts\": %d, \"p50\": %d, \"p90\": %d, \"p99\": %d, \"p999\": %d, \"max\": %d}",
                topology, option("stores", "rocksdb"), commitIntervalMs, option("producer-linger-ms", "default"), option("streams-config", ""), rate,
                repeatsPerNew, warmup, sorted.length, percentile(sorted, 50), percentile(sorted, 90),
                percentile(sorted, 99), percentile(sorted, 99.9), sorted[sorted.length - 1]);
    }

    /**
     * The stream thread's worst commit, punctuation and poll (ms) in the current metrics window, and
     * the milliseconds its producer spent in the last second flushing and in each transaction call
     * (differences of the producer's running totals, kept in {@code totals}).
     */
    private static String threadMetrics(KafkaStreams streams, Map<String, Double> totals) {
        Map<String, Double> worst = new TreeMap<>();
        Map<String, Double> spent = new TreeMap<>();
        for (var metric : streams.metrics().values()) {
            String name = metric.metricName().name();
            if ("producer-metrics".equals(metric.metricName().group()) && name.endsWith("-time-ns-total")
                    && metric.metricValue() instanceof Double total) {
                String key = name.replace("-time-ns-total", "");
                Double before = totals.put(key, total);
                if (before != null && total - before >= 500_000) {
                    spent.merge(key, (total - before) / 1e6, Double::sum);
                }
                continue;
            }
            if ("stream-thread-metrics".equals(metric.metricName().group())
                    && (name.equals("commit-latency-max") || name.equals("punctuate-latency-max")
                        || name.equals("poll-latency-max") || name.equals("process-latency-max"))
                    && metric.metricValue() instanceof Double value && !value.isNaN()) {
                worst.merge(name.replace("-latency-max", ""), value, Math::max);
            }
        }
        StringBuilder line = new StringBuilder();
        worst.forEach((name, value) -> line.append(name).append('=').append(Math.round(value)).append(' '));
        line.append("| producer ms/s:");
        spent.forEach((name, value) -> line.append(' ').append(name).append('=').append(Math.round(value)));
        return line.toString().trim();
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private AlertEvent alert(String problem, String event, Instant at) {
        return AlertEvent.newBuilder()
                .setEventId("bench:" + run + ":" + problem + ":" + event)
                .setRawId(null)
                .setSource("alertmanager")
                .setSourceAccount("bench")
                .setKind(AlertKind.TRIGGERED)
                .setDedupKey("alertmanager:bench:" + problem)
                .setTitle("Queue backlog on worker " + problem)
                .setDescription("BullMQ queue depth above threshold")
                .setService("workers")
                .setEnvironment("production")
                .setComponent(null)
                .setTenants(List.of("acme"))
                .setAllTenants(false)
                .setImpact(Impact.DEGRADED)
                .setSeverityHint(null)
                .setSeverityHintReason(null)
                .setLinks(List.of())
                .setLabels(Map.of("alertname", "QueueBacklog", "instance", problem))
                .setReporter(null)
                .setOccurredAt(at)
                .setOccurredAtSource(TimeSource.PAYLOAD)
                .setReceivedAt(at)
                .build();
    }

    private void send(KafkaProducer<String, byte[]> producer, AlertEvent alert) {
        String topic = topics.alerts().name();
        long now = alert.getReceivedAt().toEpochMilli();
        producer.send(new ProducerRecord<>(topic, null, now, alert.getDedupKey(),
                topics.alerts().valueSerializer().serialize(topic, alert)));
    }

    private static void awaitRunning(KafkaStreams streams, AtomicReference<Throwable> died) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (died.get() != null || System.nanoTime() > deadline) {
                throw new IllegalStateException("the streams app did not start: " + streams.state(), died.get());
            }
            Thread.sleep(20); // polling a state in a benchmark harness, not a test
        }
    }

    /** Waits until the app's committed offset on alerts has reached the end of the topic. */
    private void awaitCommitted(Admin admin, AtomicReference<Throwable> died, Duration timeout) throws Exception {
        TopicPartition partition = new TopicPartition(topics.alerts().name(), 0);
        long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get().offset();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin
                    .listConsumerGroupOffsets("escalation-bench-" + run).partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null && offset.offset() >= end) {
                return;
            }
            if (died.get() != null) {
                throw new IllegalStateException("the streams app died", died.get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the app did not catch up within " + timeout + ": committed "
                        + (offset == null ? "nothing" : offset.offset()) + " of " + end);
            }
            Thread.sleep(10);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
