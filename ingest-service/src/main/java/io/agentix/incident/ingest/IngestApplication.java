package io.agentix.incident.ingest;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.ingest.auth.GithubAuthenticator;
import io.agentix.incident.ingest.auth.SentryAuthenticator;
import io.agentix.incident.ingest.auth.TokenAuthenticator;
import io.agentix.incident.ingest.core.JsonPayload;
import io.agentix.incident.ingest.core.NormalizationSettings;
import io.agentix.incident.ingest.core.Normalizers;
import io.agentix.incident.ingest.core.Source;
import io.agentix.incident.ingest.core.WebhookNormalizer;
import io.agentix.incident.ingest.kafka.DeliveryPublisher;
import io.agentix.incident.ingest.resources.IngestMetrics;
import io.agentix.incident.ingest.resources.WebhookAuthenticators;
import io.agentix.incident.ingest.resources.WebhookIntake;
import io.agentix.incident.ingest.resources.WebhookServlet;
import io.agentix.incident.service.AdminEndpoints;
import io.agentix.incident.service.errors.ErrorResponseExceptionMapper;
import io.agentix.incident.service.health.RecentSends;
import io.agentix.incident.service.health.RecentSendsHealthCheck;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;

/**
 * Receives webhooks from monitoring tools, proves their senders, normalizes them and publishes
 * them to Kafka, answering each one once the broker has acknowledged it.
 *
 * <p>Run with {@code java -jar ingest-service.jar server config.yml}. The admin port serves
 * {@code /healthcheck} and {@code /health} (red while Kafka does not answer or the latest send
 * failed) and {@code /metrics/prometheus}.
 */
public class IngestApplication extends Application<IngestConfiguration> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestApplication.class);

    /**
     * The producer settings of a service that answers HTTP requests, under the configured
     * {@code kafka.producer} map (which wins): {@code send()} may block the request thread for
     * at most {@code max.block.ms} (metadata of a topic while the broker is away), a record is
     * given up after {@code delivery.timeout.ms}, and records go out without waiting for more
     * ({@code linger.ms=0}: each request waits for its own acknowledgement, so a fixed delay would only
     * add latency). Yet they are batched as the load requires: one produce request is in flight at a
     * time ({@code max.in.flight.requests.per.connection=1}), and the records of the deliveries that
     * arrive meanwhile go together in the next one. At a few requests a second that adds nothing; at
     * thousands it saves the broker and both sides' network code most of their per-request work
     * (BENCHMARKS.md, "One produce request in flight"). A request carries at most one batch per
     * partition, so batches may grow to 256 KB ({@code batch.size}, 16 KB by Kafka's default): every
     * delivery of one problem has the same key, so a storm of it lands on one {@code alerts} partition,
     * whose records overflowed a 16 KB batch and waited another round trip for each one they filled
     * (BENCHMARKS.md, "Batches of 256 KB"). The buffer is taken from the producer's pool as a batch
     * opens and given back when it is acknowledged.
     * {@code max.request.size} admits a 1 MiB body with its envelope (the webhook topics take 2 MiB).
     * Batches are compressed with lz4: a webhook body is JSON and shrinks to a fraction, and the
     * broker's work per delivery shrinks with it by more than the compression costs here, besides the
     * disk and the retention {@code webhooks.raw} needs. Kafka's lz4 stream allocates two 64 KB blocks
     * and hashes its frame header for every batch, which made snappy the cheaper one while nearly every
     * record was a batch of its own; with the batches above, lz4 took 11% more deliveries a second at
     * 64 connections, and the broker a fifth less CPU, though 10% fewer at 16 connections, where batches
     * are small (BENCHMARKS.md, "Compression", "Snappy instead of lz4" and "lz4 again, with big batches").
     */
    static final Map<String, Object> PRODUCER_DEFAULTS = Map.of(
            ProducerConfig.LINGER_MS_CONFIG, "0",
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1",
            ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024),
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000",
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(2 * 1024 * 1024));

    private final Clock clock;

    public IngestApplication() {
        this(Clock.systemUTC());
    }

    /** @param clock receipt times and the Sentry timestamp bound are read from it */
    protected IngestApplication(Clock clock) {
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    public static void main(String[] args) throws Exception {
        new IngestApplication().run(args);
    }

    @Override
    public String getName() {
        return "ingest-service";
    }

    @Override
    public void initialize(Bootstrap<IngestConfiguration> bootstrap) {
        // config.yml reads ${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092} and the like, so one file serves
        // both a local run and docker-compose. Non-strict: a variable without default stays as written,
        // and IngestSettings refuses a credential that still reads ${NAME}, naming the variable.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    @Override
    public void run(IngestConfiguration configuration, Environment environment) {
        IngestSettings ingest = configuration.getIngest();
        ErrorResponseExceptionMapper.registerWith(environment.jersey());
        AdminEndpoints.registerWith(environment);

        TopicSpecs topics = TopicSpecs.create(configuration.getTopics().build(),
                configuration.getSchemaRegistry().serdeConfig());
        // One producer for every request: it is thread-safe and batches concurrent requests' records.
        Producer<String, byte[]> producer = configuration.getKafka().buildProducer(environment, "kafka",
                new StringSerializer(), new ByteArraySerializer(), PRODUCER_DEFAULTS);
        RecentSends sends = new RecentSends(clock);
        environment.healthChecks().register("kafka-sends", new RecentSendsHealthCheck(sends,
                ingest.getSendFailureWindow().toJavaDuration(), clock));
        DeliveryPublisher publisher = new DeliveryPublisher(producer, topics, sends,
                ingest.getAckTimeout().toJavaDuration());

        ExecutorService responses = environment.lifecycle().executorService("ingest-responses-%d")
                .minThreads(ingest.getResponseThreads()).maxThreads(ingest.getResponseThreads()).build();
        Map<Source, WebhookNormalizer> normalizers = normalizers(ingest.getNormalization().build());
        for (Source source : Source.values()) {
            if (!normalizers.containsKey(source)) {
                LOG.warn("No normalizer for {}: its deliveries are kept in webhooks.raw as IGNORED", source.id());
            }
        }
        WebhookIntake intake = new WebhookIntake(normalizers, publisher, new IngestMetrics(environment.metrics()),
                clock, responses, new WebhookIntake.Limits(ingest.getMaxBodyBytes(), ingest.getRejectedBodyBytes(),
                        ingest.getRetryAfterSeconds()));
        // A plain async servlet beside Jersey (which keeps serving everything else): Jersey's
        // per-request work cost as much as a delivery's own. See WebhookServlet.
        WebhookServlet webhooks = new WebhookServlet(intake, authenticators(ingest), environment.getObjectMapper().writer());
        var registration = environment.servlets().addServlet("webhooks", webhooks);
        registration.setAsyncSupported(true);
        registration.addMapping(WebhookServlet.MAPPINGS.toArray(String[]::new));
    }

    /**
     * The normalizer of each source.
     *
     * <p>Every source has one ({@link Normalizers#all}); a test subclass may leave one out, and a
     * source without one has its deliveries accepted and kept in {@code webhooks.raw} as IGNORED (a
     * warning at start-up says so).
     */
    protected Map<Source, WebhookNormalizer> normalizers(NormalizationSettings settings) {
        return Normalizers.all(settings);
    }

    /** The authenticator of each endpoint. */
    protected WebhookAuthenticators authenticators(IngestSettings ingest) {
        SentrySettings sentry = ingest.getSentry();
        TokenAuthenticator alertmanager = new TokenAuthenticator(Source.ALERTMANAGER.id(),
                ingest.getAlertmanager().getTokens());
        return new WebhookAuthenticators(
                new SentryAuthenticator(sentry.getClientSecrets(), sentry.getMaxClockSkew().toJavaDuration(),
                        sentry.getInstallations(), clock, JsonPayload.mapper().getFactory()),
                new TokenAuthenticator(Source.SENTRY.id(), sentry.getLegacyTokens()),
                new TokenAuthenticator(Source.BETTERSTACK.id(), ingest.getBetterstack().getTokens()),
                new TokenAuthenticator(Source.RAILWAY.id(), ingest.getRailway().getTokens()),
                alertmanager,
                new GithubAuthenticator(ingest.getGithub().getSecrets()),
                new TokenAuthenticator(Source.REPORT.id(), ingest.getReports().getTokens()));
    }
}
