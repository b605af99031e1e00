package io.agentix.incident.service.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.service.health.KafkaHealthCheck;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Configuration of the Kafka clients of a service, and the factory that builds them.
 *
 * <pre>
 * kafka:
 *   bootstrapServers: localhost:9092
 *   clientId: ingest-service
 *   requestTimeout: 30s
 *   healthCheckTimeout: 2s
 *   producer: {linger.ms: "5"}
 *   consumer: {}
 *   admin: {}
 * </pre>
 *
 * <p>Each {@code build...} method registers the client's {@code Managed} lifecycle (the client is
 * closed when the application stops) and a {@link KafkaHealthCheck} under the given name, so a
 * service cannot create a client whose dependency goes unchecked. The extra property maps are
 * passed to the clients as they are and win over the defaults set here.
 */
public class KafkaFactory {

    @NotBlank
    private String bootstrapServers;

    private String clientId;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration requestTimeout = Duration.seconds(30);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
    private Duration healthCheckTimeout = Duration.seconds(2);

    @NotNull
    private Map<String, String> producer = Map.of();

    @NotNull
    private Map<String, String> consumer = Map.of();

    @NotNull
    private Map<String, String> admin = Map.of();

    @JsonProperty
    public String getBootstrapServers() {
        return bootstrapServers;
    }

    @JsonProperty
    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @JsonProperty
    public String getClientId() {
        return clientId;
    }

    @JsonProperty
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    @JsonProperty
    public Duration getRequestTimeout() {
        return requestTimeout;
    }

    @JsonProperty
    public void setRequestTimeout(Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
    }

    @JsonProperty
    public Duration getHealthCheckTimeout() {
        return healthCheckTimeout;
    }

    @JsonProperty
    public void setHealthCheckTimeout(Duration healthCheckTimeout) {
        this.healthCheckTimeout = healthCheckTimeout;
    }

    @JsonProperty
    public Map<String, String> getProducer() {
        return producer;
    }

    @JsonProperty
    public void setProducer(Map<String, String> producer) {
        this.producer = producer;
    }

    @JsonProperty
    public Map<String, String> getConsumer() {
        return consumer;
    }

    @JsonProperty
    public void setConsumer(Map<String, String> consumer) {
        this.consumer = consumer;
    }

    @JsonProperty
    public Map<String, String> getAdmin() {
        return admin;
    }

    @JsonProperty
    public void setAdmin(Map<String, String> admin) {
        this.admin = admin;
    }

    /**
     * Builds an admin client, closes it when the application stops, and registers a
     * {@link KafkaHealthCheck} over it under {@code name}.
     */
    public Admin buildAdmin(Environment environment, String name) {
        Admin client = Admin.create(adminConfig(name));
        environment.lifecycle().manage(new ManagedKafkaClient(name, client::close, requestTimeout.toJavaDuration()));
        environment.healthChecks().register(name, new KafkaHealthCheck(client, bootstrapServers,
                healthCheckTimeout.toJavaDuration()));
        return client;
    }

    /**
     * Builds an idempotent {@code acks=all} producer, closes it (flushing pending records) when the
     * application stops, and registers a {@link KafkaHealthCheck} under {@code name}. A producer
     * cannot tell whether the cluster answers, so the check runs over an admin client of its own,
     * closed together with the producer.
     */
    public <K, V> Producer<K, V> buildProducer(Environment environment, String name,
                                               Serializer<K> keySerializer, Serializer<V> valueSerializer) {
        return buildProducer(environment, name, keySerializer, valueSerializer, Map.of());
    }

    /**
     * As {@link #buildProducer(Environment, String, Serializer, Serializer)}, with the service's own
     * defaults (e.g. short timeouts for a producer that answers HTTP requests) between the settings
     * of this factory and the configured {@code producer} map, which still wins.
     */
    public <K, V> Producer<K, V> buildProducer(Environment environment, String name,
                                               Serializer<K> keySerializer, Serializer<V> valueSerializer,
                                               Map<String, ?> serviceDefaults) {
        Producer<K, V> client = new KafkaProducer<>(producerConfig(name, serviceDefaults), keySerializer,
                valueSerializer);
        Admin healthAdmin = Admin.create(adminConfig(name + "-health"));
        environment.lifecycle().manage(new ManagedKafkaClient(name, timeout -> {
            client.close(timeout);
            healthAdmin.close(timeout);
        }, requestTimeout.toJavaDuration()));
        environment.healthChecks().register(name, new KafkaHealthCheck(healthAdmin, bootstrapServers,
                healthCheckTimeout.toJavaDuration()));
        return client;
    }

    /** Admin client properties: the common ones plus the {@code admin} map. */
    public Map<String, Object> adminConfig(String name) {
        Map<String, Object> config = commonConfig(name);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis(requestTimeout));
        config.putAll(admin);
        return config;
    }

    /**
     * Producer properties: idempotent, {@code acks=all} (a webhook is acknowledged only once every
     * in-sync replica has its record), then the {@code producer} map.
     */
    public Map<String, Object> producerConfig(String name) {
        return producerConfig(name, Map.of());
    }

    /** Producer properties: as {@link #producerConfig(String)}, with {@code serviceDefaults} before the {@code producer} map. */
    public Map<String, Object> producerConfig(String name, Map<String, ?> serviceDefaults) {
        Map<String, Object> config = commonConfig(name);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMillis(requestTimeout));
        config.putAll(serviceDefaults);
        config.putAll(producer);
        return config;
    }

    /**
     * Consumer properties: the common ones, the group, auto-commit off (services commit after they
     * have done the work), then the {@code consumer} map. There is no {@code buildConsumer}: a
     * consumer is not thread-safe, so its poll loop owns it and closes it, not the lifecycle.
     */
    public Map<String, Object> consumerConfig(String name, String groupId) {
        Map<String, Object> config = commonConfig(name);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis(requestTimeout));
        config.putAll(consumer);
        return config;
    }

    private Map<String, Object> commonConfig(String name) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId == null ? name : clientId + "-" + name);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis(requestTimeout));
        return config;
    }

    private static int timeoutMillis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMilliseconds());
    }
}
