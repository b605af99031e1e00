package io.agentix.incident.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.codahale.metrics.MetricRegistry;
import com.icegreen.greenmail.user.MessageDeliveryHandler;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.agentix.incident.events.Audience;
import io.agentix.incident.events.Channel;
import io.agentix.incident.events.Link;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.NotificationKind;
import io.agentix.incident.events.Recipient;
import io.agentix.incident.events.Severity;
import io.agentix.incident.notifier.DeliveryFactory;
import io.agentix.incident.notifier.channel.ChannelsFactory;
import io.agentix.incident.notifier.channel.ConfiguredChannels;
import io.agentix.incident.notifier.channel.Delivery;
import io.agentix.incident.notifier.channel.EmailFactory;
import io.agentix.incident.notifier.health.DeliveryMetrics;
import io.agentix.incident.notifier.health.RecentFailures;
import io.agentix.incident.notifier.kafka.NotificationLoop;
import io.agentix.incident.serde.AvroSerdeConfig;
import io.agentix.incident.service.kafka.KafkaFactory;
import io.agentix.incident.topics.EventTopic;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicCreator;
import io.agentix.incident.topics.TopicSettings;
import io.agentix.incident.topics.TopicSpecs;

/**
 * One measurement of the notifier's email path (bench/notifier-bench.sh runs the protocol and the broker,
 * as a separate JVM). An SMTP server runs in this JVM: GreenMail ({@code --smtp greenmail}, it parses and
 * stores every mail) or {@link SmtpSink} ({@code --smtp sink}, it keeps nothing). It notes the moment it
 * accepted each mail, by the mail's {@code X-Notification-Id}.
 *
 * <p>{@code --mode notifier}: the real {@link NotificationLoop} built as {@code NotifierApplication} builds it
 * (the {@code kafka:} client settings of {@link KafkaFactory}, the {@code delivery:} defaults of
 * {@link DeliveryFactory}, {@link ConfiguredChannels} with the SMTP {@code EmailChannel}, {@link DeliveryMetrics})
 * on topics of its own ({@code notifications} with 6 partitions, as shipped). {@code --mode direct}, the
 * baseline: the same channels plan and send the same notifications on a pool of the same size, without
 * Kafka.
 *
 * <ul>
 *   <li>{@code throughput}: {@code --warmup} notifications, then {@code --notifications} published as fast
 *       as the producer goes (direct: submitted at once); the rate is notifications over the time from the
 *       first send until every mail was accepted by SMTP and (notifier) every offset committed.</li>
 *   <li>{@code latency}: notifications at {@code --rate} per second; the latency of one is from its
 *       record timestamp on {@code notifications} (direct: the moment it was handed to the pool) to the
 *       moment the SMTP server accepted its mail; the warm-up seconds are not counted.</li>
 * </ul>
 * Half of the notifications are team mails (one recipient), half customer notices (two recipients of one
 * tenant); each is about an incident of its own. Prints one JSON line with the figures.
 */
public final class NotifierBench {

    private static final String NOTIFIER = "notifier";
    private static final String DIRECT = "direct";

    private final Map<String, String> options;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String mode;
    private final int concurrency;
    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger accepted = new AtomicInteger();

    private NotifierBench(Map<String, String> options) {
        this.options = options;
        this.mode = option("mode", NOTIFIER);
        this.concurrency = Integer.parseInt(option("concurrency", Integer.toString(new DeliveryFactory().getConcurrency())));
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
        new NotifierBench(options).measure();
        System.exit(0);
    }

    private String option(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    /** Called by the SMTP server when it took a mail (before its 250). */
    private void accepted(String notificationId) {
        if (notificationId == null) {
            return;
        }
        if (acceptedAt.putIfAbsent(notificationId, System.currentTimeMillis()) == null) {
            accepted.incrementAndGet();
        } else {
            duplicates.incrementAndGet();
        }
    }

    private void measure() throws Exception {
        String smtp = option("smtp", "greenmail");
        AutoCloseable server;
        int port;
        if ("sink".equals(smtp)) {
            SmtpSink sink = new SmtpSink(this::accepted);
            server = sink;
            port = sink.port();
        } else if ("greenmail".equals(smtp)) {
            GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
            greenMail.start();
            MessageDeliveryHandler store = greenMail.getUserManager().getMessageDeliveryHandler();
            greenMail.getUserManager().setMessageDeliveryHandler((message, to) -> {
                // Called per recipient while GreenMail holds the DATA answer: the first one is the acceptance.
                if (to.equals(message.getToAddresses().iterator().next())) {
                    accepted(message.getMessage().getHeader("X-Notification-Id", null));
                }
                return store.handle(message, to);
            });
            server = greenMail::stop;
            port = greenMail.getSmtp().getPort();
        } else {
            throw new IllegalArgumentException("unknown --smtp " + smtp + " (greenmail or sink)");
        }
        EmailFactory email = new EmailFactory();
        email.setHost("127.0.0.1");
        email.setPort(port);
        ChannelsFactory channelsFactory = new ChannelsFactory();
        channelsFactory.setEmail(email);
        try (server; ConfiguredChannels channels = channelsFactory.build(Clock.systemUTC())) {
            Target target = NOTIFIER.equals(mode) ? new KafkaTarget(channels) : new DirectTarget(channels);
            try (target) {
                target.start();
                String scenario = option("scenario", "throughput");
                String result = switch (scenario) {
                    case "throughput" -> throughput(target);
                    case "latency" -> latency(target);
                    default -> throw new IllegalArgumentException("unknown --scenario " + scenario);
                };
                System.out.println(result);
            }
        }
    }

    /** Where notifications go: the notifier through Kafka, or straight to the channels. */
    private interface Target extends AutoCloseable {
        void start() throws Exception;

        /** Hands over one notification; {@code at} is its record timestamp (direct: now). */
        void submit(Notification notification, long at);

        /** Waits for what {@link #submit} handed over, beyond the mails, to be finished (notifier: committed). */
        void awaitSettled(int total, long deadlineNanos) throws Exception;

        void check();
    }

    private String throughput(Target target) throws Exception {
        int warmup = Integer.parseInt(option("warmup", "2000"));
        int count = Integer.parseInt(option("notifications", "20000"));
        // Warm-up: the same path, not timed, so the JIT has compiled it before the measured batch.
        for (int i = 0; i < warmup; i++) {
            target.submit(notification(i, System.currentTimeMillis()), System.currentTimeMillis());
        }
        awaitAccepted(target, warmup, System.nanoTime() + TimeUnit.MINUTES.toNanos(5));
        target.awaitSettled(warmup, System.nanoTime() + TimeUnit.MINUTES.toNanos(5));
        long start = System.nanoTime();
        for (int i = warmup; i < warmup + count; i++) {
            long now = System.currentTimeMillis();
            target.submit(notification(i, now), now);
        }
        long submitted = System.nanoTime();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        awaitAccepted(target, warmup + count, deadline);
        long mailed = System.nanoTime();
        target.awaitSettled(warmup + count, deadline);
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "{\"scenario\": \"throughput\", \"mode\": \"%s\", \"smtp\": \"%s\", "
                        + "\"concurrency\": %d, \"notifications\": %d, \"seconds\": %.3f, \"perSecond\": %.0f, "
                        + "\"submitSeconds\": %.3f, \"mailedSeconds\": %.3f, \"duplicates\": %d}",
                mode, option("smtp", "greenmail"), concurrency, count, seconds, count / seconds,
                (submitted - start) / 1e9, (mailed - start) / 1e9, duplicates.get());
    }

    private String latency(Target target) throws Exception {
        int rate = Integer.parseInt(option("rate", "100"));
        int warmup = Integer.parseInt(option("warmup-seconds", "10"));
        int seconds = Integer.parseInt(option("seconds", "30"));
        int total = rate * (warmup + seconds);
        int counted = rate * seconds;
        long[] submittedAt = new long[total];
        long startNanos = System.nanoTime();
        int sent = 0;
        while (sent < total) {
            long due = Math.min(total, (long) ((System.nanoTime() - startNanos) / 1e9 * rate));
            while (sent < due) {
                long now = System.currentTimeMillis();
                submittedAt[sent] = now;
                target.submit(notification(sent, now), now);
                sent++;
            }
            target.check();
            Thread.sleep(1); // pacing a load generator, not a test
        }
        awaitAccepted(target, total, System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        long[] latencies = new long[counted];
        for (int i = total - counted, j = 0; i < total; i++, j++) {
            latencies[j] = acceptedAt.get(id(i)) - submittedAt[i];
        }
        Arrays.sort(latencies);
        return String.format(Locale.ROOT, "{\"scenario\": \"latency\", \"mode\": \"%s\", \"smtp\": \"%s\", "
                        + "\"concurrency\": %d, \"rate\": %d, \"notifications\": %d, \"p50\": %d, \"p90\": %d, "
                        + "\"p99\": %d, \"max\": %d, \"duplicates\": %d}",
                mode, option("smtp", "greenmail"), concurrency, rate, counted, percentile(latencies, 50),
                percentile(latencies, 90), percentile(latencies, 99), latencies[latencies.length - 1], duplicates.get());
    }

    private void awaitAccepted(Target target, int total, long deadlineNanos) throws InterruptedException {
        while (accepted.get() < total) {
            target.check();
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("only " + accepted.get() + " of " + total + " mails were accepted in time");
            }
            Thread.sleep(1);
        }
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private String id(int i) {
        return "bench-" + run + "-n" + i;
    }

    /** Even: a team mail to on-call; odd: a customer notice to two contacts of one tenant. */
    private Notification notification(int i, long createdAtMillis) {
        String incident = "inc-" + run + "-" + i;
        boolean customers = i % 2 == 1;
        String title = "Queue backlog on workers (Warteschlange, キュー) \uD83D\uDEA8";
        List<Recipient> recipients = customers
                ? List.of(contact("tenant" + (i % 50), "ops"), contact("tenant" + (i % 50), "cto"))
                : List.of(Recipient.newBuilder().setId("mira").setName("Mira Okafor").setEmail("mira@agentix.example")
                        .setPageTarget("mira").setTenant(null).build());
        String body = customers
                ? "Hello,\n\nWe are currently investigating an issue affecting message delivery for your account.\n"
                        + "Some messages may be delayed. Our team is working on it and we will send an update within 60 minutes.\n\n"
                        + "Incident: " + incident + "\nStarted: " + Instant.ofEpochMilli(createdAtMillis) + "\n\n— The Agentix Team\n"
                : "P2 " + title + ".\n\nService: workers (production). Tenants: acme.\nBullMQ queue depth above threshold.\n\n"
                        + "- Alertmanager: https://alertmanager.example/#/alerts?filter=instance%3D" + i + "\n"
                        + "Acknowledge: bin/incident-engine ack " + incident + "\n";
        return Notification.newBuilder()
                .setNotificationId(id(i))
                .setIncidentId(incident)
                .setKind(customers ? NotificationKind.INITIAL_NOTICE : NotificationKind.INCIDENT_OPENED)
                .setChannel(Channel.EMAIL)
                .setAudience(customers ? Audience.CUSTOMERS : Audience.TEAM)
                .setRecipientRole(customers ? null : "on-call")
                .setRecipients(recipients)
                .setSeverity(Severity.P2)
                .setSubject(customers ? "[Investigating] Message delivery issues" : "[P2] " + incident + ": " + title)
                .setBody(body)
                .setPageAction(null)
                .setCreatedAt(Instant.ofEpochMilli(createdAtMillis))
                .setDueAt(null)
                .setPolicyVersion("bench")
                .setLinks(List.of(Link.newBuilder().setLabel("Incident").setUrl("https://incidents.example/" + incident).build()))
                .setAttachmentName(null)
                .setAttachment(null)
                .build();
    }

    private static Recipient contact(String tenant, String who) {
        return Recipient.newBuilder().setId(tenant + ":" + who).setName(tenant).setEmail(who + "@" + tenant + ".example")
                .setPageTarget(null).setTenant(tenant).build();
    }

    /** The baseline: plan and send on a pool of {@code concurrency} threads, as the loop's workers do. */
    private final class DirectTarget implements Target {
        private final ConfiguredChannels channels;
        private final ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        private final AtomicReference<Throwable> failed = new AtomicReference<>();

        DirectTarget(ConfiguredChannels channels) {
            this.channels = channels;
        }

        @Override
        public void start() {
        }

        @Override
        public void submit(Notification notification, long at) {
            pool.execute(() -> {
                try {
                    for (Delivery delivery : channels.plan(notification)) {
                        channels.channel(delivery.endpoint()).send(delivery);
                    }
                } catch (Exception | Error e) {
                    failed.compareAndSet(null, e);
                }
            });
        }

        @Override
        public void awaitSettled(int total, long deadlineNanos) {
        }

        @Override
        public void check() {
            if (failed.get() != null) {
                throw new IllegalStateException("a direct send failed", failed.get());
            }
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /** The notifier: the real loop on a real broker; notifications are published to its topic. */
    private final class KafkaTarget implements Target {
        private final ConfiguredChannels channels;
        private final String bootstrap = option("bootstrap", "localhost:49092");
        private final int partitions = Integer.parseInt(option("partitions", Integer.toString(TopicCatalog.DEFAULT_PARTITIONS)));
        private final String group = "notifier-bench-" + run;
        private TopicCatalog catalog;
        private TopicSpecs topics;
        private Admin admin;
        private KafkaProducer<String, byte[]> producer;
        private NotificationLoop loop;

        KafkaTarget(ConfiguredChannels channels) {
            this.channels = channels;
        }

        @Override
        public void start() throws Exception {
            Map<String, TopicSettings> names = new HashMap<>();
            for (EventTopic topic : EventTopic.values()) {
                names.put(topic.defaultName(), new TopicSettings(topic.defaultName() + "-" + run, null, null, Map.of()));
            }
            catalog = TopicCatalog.from(partitions, (short) 1, names);
            topics = TopicSpecs.create(catalog, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                    option("registry", "http://localhost:48081")));
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
            new TopicCreator(admin).createMissing(List.of(catalog.definition(EventTopic.NOTIFICATIONS),
                    catalog.definition(EventTopic.NOTIFICATION_RECEIPTS)), 30_000);

            // As NotifierApplication builds it from config.yml's kafka: and delivery: sections.
            KafkaFactory kafka = new KafkaFactory();
            kafka.setBootstrapServers(bootstrap);
            kafka.setClientId("notifier-service");
            DeliveryFactory delivery = new DeliveryFactory();
            delivery.setConcurrency(concurrency);
            delivery.setConsumerGroup(group);
            loop = new NotificationLoop(
                    new NotificationLoop.Settings(topics.notifications().name(), topics.receipts().name(),
                            delivery.getConcurrency(), delivery.getIdlePoll().toJavaDuration(),
                            delivery.getCatchUpTimeout().toJavaDuration(), delivery.getDrainTimeout().toJavaDuration()),
                    new NotificationLoop.Clients(kafka.consumerConfig("notifications", group), kafka.producerConfig("receipts"),
                            topics.notifications().valueDeserializer(), topics.receipts().valueSerializer()),
                    channels, delivery.settings(), Clock.systemUTC(),
                    new DeliveryMetrics(new MetricRegistry(), new RecentFailures(Clock.systemUTC())),
                    NotificationLoop.CommitHook.NONE);
            loop.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (loop.assignedPartitions() < partitions) {
                check();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the loop holds " + loop.assignedPartitions() + " of " + partitions
                            + " partitions after a minute");
                }
                Thread.sleep(10);
            }
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
            producer = new KafkaProducer<>(config);
        }

        @Override
        public void submit(Notification notification, long at) {
            String topic = topics.notifications().name();
            // Keyed by incident, as the engine publishes; the record timestamp is the engine's decision time.
            producer.send(new ProducerRecord<>(topic, null, at, notification.getIncidentId(),
                    topics.notifications().valueSerializer().serialize(topic, notification)));
        }

        @Override
        public void awaitSettled(int total, long deadlineNanos) throws Exception {
            producer.flush();
            while (true) {
                long committed = 0;
                for (Map.Entry<TopicPartition, OffsetAndMetadata> entry : admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get().entrySet()) {
                    committed += entry.getValue() == null ? 0 : entry.getValue().offset();
                }
                if (committed >= total) {
                    return;
                }
                check();
                if (System.nanoTime() > deadlineNanos) {
                    throw new IllegalStateException("committed " + committed + " of " + total + " in time");
                }
                Thread.sleep(5);
            }
        }

        @Override
        public void check() {
            if (loop.failure() != null) {
                throw new IllegalStateException("the notification loop died", loop.failure());
            }
        }

        @Override
        public void close() throws Exception {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
            if (loop != null) {
                loop.stop();
            }
            if (admin != null) {
                admin.close(Duration.ofSeconds(5));
            }
        }
    }
}
