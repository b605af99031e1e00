package io.agentix.incident.escalation.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.escalation.health.StreamsHealthCheck;
import io.agentix.incident.escalation.policy.FastClocks;
import io.agentix.incident.service.kafka.KafkaFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.selfvalidating.SelfValidating;
import io.dropwizard.validation.selfvalidating.SelfValidation;
import io.dropwizard.validation.selfvalidating.ViolationCollector;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Configuration of the Kafka Streams instance, and the factory that builds it.
 *
 * <pre>
 * streams:
 *   applicationId: escalation-streams   # consumer group, and the prefix of every changelog topic
 *   stateDir: var/streams               # RocksDB state; kept across restarts
 *   commitInterval: 10ms                # an exactly-once hop costs about this much latency
 *   numStandbyReplicas: 0               # warm copies of the state on other instances (failover)
 *   clockCheckInterval: 1s              # how often stored clocks are checked against the wall clock
 *   fastClocks: 1                       # N > 1: every policy duration divided by N (demos; see FastClocks)
 *   applicationServer: localhost:8082   # host:port of this instance's operator API, for interactive
 *                                       # queries across instances; default localhost:<app port>
 *   closeTimeout: 10s                   # a clean close takes a second or two; bounded for a broker that is gone
 *   properties: {}                      # any other StreamsConfig key
 * </pre>
 *
 * <p>{@code processing.guarantee} is always {@code exactly_once_v2}: the engine's promise is that a
 * crash never duplicates nor loses a state change, an escalation or a notification. It, and the keys
 * with a field of their own here, cannot be set through {@code properties}.
 */
@SelfValidating
public class StreamsFactory {

    /** The processing guarantee, fixed. */
    public static final String PROCESSING_GUARANTEE = StreamsConfig.EXACTLY_ONCE_V2;

    private static final Pattern HOST_PORT = Pattern.compile("[^:\\s]+:\\d{1,5}");
    private static final Set<String> OWN_KEYS = Set.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
            StreamsConfig.APPLICATION_ID_CONFIG, StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, StreamsConfig.STATE_DIR_CONFIG,
            StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG,
            StreamsConfig.APPLICATION_SERVER_CONFIG);

    @NotBlank
    private String applicationId = "escalation-streams";

    @NotBlank
    private String stateDir = "var/streams";

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration commitInterval = Duration.milliseconds(10);

    @Min(0)
    @Max(10)
    private int numStandbyReplicas = 0;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration clockCheckInterval = Duration.seconds(1);

    @Min(value = 1, message = "must be at least 1 (1 is real time)")
    @Max(value = FastClocks.MAX_FACTOR, message = "must be at most {value} (an hour becomes a second)")
    private int fastClocks = 1;

    private String applicationServer;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration closeTimeout = Duration.seconds(10);

    @NotNull
    private Map<String, String> properties = Map.of();

    @JsonProperty
    public String getApplicationId() {
        return applicationId;
    }

    @JsonProperty
    public void setApplicationId(String applicationId) {
        this.applicationId = applicationId;
    }

    @JsonProperty
    public String getStateDir() {
        return stateDir;
    }

    @JsonProperty
    public void setStateDir(String stateDir) {
        this.stateDir = stateDir;
    }

    @JsonProperty
    public Duration getCommitInterval() {
        return commitInterval;
    }

    @JsonProperty
    public void setCommitInterval(Duration commitInterval) {
        this.commitInterval = commitInterval;
    }

    @JsonProperty
    public int getNumStandbyReplicas() {
        return numStandbyReplicas;
    }

    @JsonProperty
    public void setNumStandbyReplicas(int numStandbyReplicas) {
        this.numStandbyReplicas = numStandbyReplicas;
    }

    @JsonProperty
    public Duration getClockCheckInterval() {
        return clockCheckInterval;
    }

    @JsonProperty
    public void setClockCheckInterval(Duration clockCheckInterval) {
        this.clockCheckInterval = clockCheckInterval;
    }

    /** N: every policy duration is divided by N ({@link FastClocks}); 1, the default, is real time. */
    @JsonProperty
    public int getFastClocks() {
        return fastClocks;
    }

    @JsonProperty
    public void setFastClocks(int fastClocks) {
        this.fastClocks = fastClocks;
    }

    @JsonProperty
    public String getApplicationServer() {
        return applicationServer;
    }

    @JsonProperty
    public void setApplicationServer(String applicationServer) {
        this.applicationServer = applicationServer;
    }

    @JsonProperty
    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    @JsonProperty
    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    @JsonProperty
    public Map<String, String> getProperties() {
        return properties;
    }

    @JsonProperty
    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }

    /**
     * The Streams configuration: the {@code properties} map, the serde settings (so a serde that
     * Streams configures finds the registry), then the fixed and named settings, which win.
     *
     * @param kafka the service's Kafka settings (bootstrap servers, client id, request timeout)
     * @param serdeConfig the schema registry settings of the Avro serdes
     * @param defaultApplicationServer {@code host:port} used when {@code applicationServer} is not
     *     configured; null for none
     */
    public Properties streamsConfig(KafkaFactory kafka, Map<String, ?> serdeConfig, String defaultApplicationServer) {
        Map<String, Object> config = new HashMap<>();
        // Undecodable input is logged with topic, partition and offset and skipped: one poison record
        // must not stop every incident's clocks. Overridable through `properties`.
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, kafka.getRequestTimeout().toMilliseconds()));
        if (kafka.getClientId() != null) {
            config.put(CommonClientConfigs.CLIENT_ID_CONFIG, kafka.getClientId());
        }
        config.putAll(properties);
        config.putAll(serdeConfig);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, PROCESSING_GUARANTEE);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMilliseconds());
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, numStandbyReplicas);
        String server = applicationServer != null ? applicationServer : defaultApplicationServer;
        if (server != null) {
            config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server);
        }
        Properties props = new Properties();
        props.putAll(config);
        return props;
    }

    /**
     * Builds the Kafka Streams instance of {@code topology}, starts and closes it with the
     * application ({@link ManagedStreams}), and registers a {@link StreamsHealthCheck} under
     * {@code name}: red unless the instance is running or rebalancing, and red for good once a
     * stream thread died (the instance then shuts down rather than run with a part of its tasks).
     */
    public KafkaStreams build(Environment environment, String name, Topology topology, KafkaFactory kafka,
                              Map<String, ?> serdeConfig, String defaultApplicationServer) {
        KafkaStreams streams = new KafkaStreams(topology, streamsConfig(kafka, serdeConfig, defaultApplicationServer));
        StreamsHealthCheck health = StreamsHealthCheck.watching(streams);
        environment.healthChecks().register(name, health);
        environment.lifecycle().manage(new ManagedStreams(name, streams, closeTimeout.toJavaDuration()));
        return streams;
    }

    @SelfValidation
    public void validateProperties(ViolationCollector violations) {
        if (properties != null) {
            for (String key : properties.keySet()) {
                if (OWN_KEYS.contains(key)) {
                    violations.addViolation("properties", "{problem}", Map.of("problem", "'" + key
                            + "' cannot be set in streams.properties: "
                            + (key.equals(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)
                                    ? "the engine always runs " + PROCESSING_GUARANTEE
                                    : "it has its own setting in the streams section")));
                }
            }
        }
        if (applicationServer != null && !HOST_PORT.matcher(applicationServer).matches()) {
            violations.addViolation("applicationServer", "{problem}", Map.of("problem",
                    "'" + applicationServer + "' must be host:port, e.g. localhost:8082"));
        }
    }
}
