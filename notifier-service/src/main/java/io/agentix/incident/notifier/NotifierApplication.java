package io.agentix.incident.notifier;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.admin.Admin;

import io.agentix.incident.notifier.channel.Channels;
import io.agentix.incident.notifier.health.DeliveryHealthCheck;
import io.agentix.incident.notifier.health.DeliveryLog;
import io.agentix.incident.notifier.health.DeliveryMetrics;
import io.agentix.incident.notifier.health.RecentFailures;
import io.agentix.incident.notifier.kafka.NotificationLoop;
import io.agentix.incident.service.AdminEndpoints;
import io.agentix.incident.service.errors.ErrorResponseExceptionMapper;
import io.agentix.incident.service.health.ConsumerLagHealthCheck;
import io.agentix.incident.service.kafka.ConsumerLagMonitor;
import io.agentix.incident.topics.TopicCatalog;
import io.agentix.incident.topics.TopicSpecs;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;

/**
 * Consumes notification requests and delivers them by email and page, recording each delivery in
 * {@code notification-receipts} before its offset is committed.
 *
 * <p>Run with {@code java -jar notifier-service.jar server config.yml}; the admin port serves
 * {@code /healthcheck} and {@code /health} (red while Kafka does not answer, the loop is dead, an
 * endpoint's breaker is open or a delivery FAILED recently) and {@code /metrics/prometheus}.
 */
public class NotifierApplication extends Application<NotifierConfiguration> {

    /** How often the consumer group's lag on notifications is read from the broker. */
    static final Duration LAG_INTERVAL = Duration.ofSeconds(5);
    /**
     * Notifications waiting and no commit for this long: the notifier does not get through them (a parked
     * delivery holds its partition's commit back, so an endpoint down this long also shows here).
     */
    static final Duration STUCK_AFTER = Duration.ofMinutes(5);

    private final Clock clock;
    private NotificationLoop loop;

    public NotifierApplication() {
        this(Clock.systemUTC());
    }

    /** @param clock backoffs, breakers, rate windows and receipt times run on it */
    protected NotifierApplication(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static void main(String[] args) throws Exception {
        new NotifierApplication().run(args);
    }

    @Override
    public String getName() {
        return "notifier-service";
    }

    @Override
    public void initialize(Bootstrap<NotifierConfiguration> bootstrap) {
        // config.yml reads ${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092} and the like, so one file serves
        // both a local run and docker-compose. Non-strict: a variable without default stays as written.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    }

    @Override
    public void run(NotifierConfiguration configuration, Environment environment) {
        ErrorResponseExceptionMapper.registerWith(environment.jersey());
        AdminEndpoints.registerWith(environment);

        TopicCatalog catalog = configuration.getTopics().build();
        TopicSpecs topics = TopicSpecs.create(catalog, configuration.getSchemaRegistry().serdeConfig());
        DeliveryFactory delivery = configuration.getDelivery();
        // Managed objects start in registration order: the captures listen before the first mail is sent.
        if (configuration.getDev() != null) {
            configuration.getDev().register(environment);
        }
        Channels channels = channels(configuration, environment);
        environment.lifecycle().manage(new Managed() {
            @Override
            public void stop() {
                channels.close();
            }
        });

        // Managed objects start in registration order: the topics exist before the loop subscribes.
        Admin admin = configuration.getKafka().buildAdmin(environment, "kafka");
        environment.lifecycle().manage(new NotifierTopics(admin, catalog,
                configuration.getKafka().getRequestTimeout().toJavaDuration()));

        RecentFailures failures = new RecentFailures(clock);
        DeliveryMetrics metrics = new DeliveryMetrics(environment.metrics(), failures);
        Map<String, Object> consumerConfig = configuration.getKafka().consumerConfig("notifications",
                delivery.getConsumerGroup());
        loop = new NotificationLoop(
                new NotificationLoop.Settings(topics.notifications().name(), topics.receipts().name(),
                        delivery.getConcurrency(), delivery.getIdlePoll().toJavaDuration(),
                        delivery.getCatchUpTimeout().toJavaDuration(), delivery.getDrainTimeout().toJavaDuration()),
                new NotificationLoop.Clients(consumerConfig, configuration.getKafka().producerConfig("receipts"),
                        topics.notifications().valueDeserializer(), topics.receipts().valueSerializer()),
                channels, delivery.settings(), clock, new DeliveryLog(metrics), commitHook());
        metrics.registerLoop(loop);
        environment.lifecycle().manage(loop);
        // The group's lag on notifications, read from the broker: it keeps growing when the loop is stuck,
        // which the loop's own view (paused, or not polling) cannot show; delivery-progress turns red when
        // records wait and the committed offset stops (the loop commits past transaction markers, so a quiet
        // partition shows no lag).
        ConsumerLagMonitor lag = new ConsumerLagMonitor(admin, delivery.getConsumerGroup(),
                List.of(topics.notifications().name()), environment.metrics(), LAG_INTERVAL, LAG_INTERVAL, clock);
        environment.lifecycle().manage(lag);
        environment.healthChecks().register("delivery-progress", new ConsumerLagHealthCheck(lag, STUCK_AFTER));
        environment.healthChecks().register("delivery", new DeliveryHealthCheck(loop, failures,
                delivery.getFailureWindow().toJavaDuration(), clock));
    }

    /**
     * The channels of the {@code channels:} section, on the application's clock; {@link #run} closes them
     * when the application stops. A test subclass may return its own.
     */
    protected Channels channels(NotifierConfiguration configuration, Environment environment) {
        return configuration.getChannels().build(clock, environment.getObjectMapper());
    }

    /**
     * Runs on the loop thread between "receipts acknowledged" and "offsets committed"; none in production.
     * A test subclass throws from it to kill the loop exactly there, as a crash between send and commit would.
     */
    protected NotificationLoop.CommitHook commitHook() {
        return NotificationLoop.CommitHook.NONE;
    }

    /** The consumer loop once {@link #run} has built it. */
    protected NotificationLoop loop() {
        return loop;
    }
}
