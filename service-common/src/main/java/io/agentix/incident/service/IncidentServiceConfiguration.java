package io.agentix.incident.service;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.agentix.incident.service.kafka.KafkaFactory;
import io.agentix.incident.service.kafka.SchemaRegistryFactory;
import io.agentix.incident.service.kafka.TopicsFactory;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * What every service of the engine is configured with: the Kafka cluster, the schema registry and
 * the topic catalog. Each service's configuration extends this with its own sections.
 *
 * <pre>
 * kafka: {bootstrapServers: localhost:9092}
 * schemaRegistry: {url: http://localhost:8081}
 * topics: {defaultPartitions: 6, defaultReplicationFactor: 1, topics: {}}
 * </pre>
 */
public class IncidentServiceConfiguration extends Configuration {

    @Valid
    @NotNull
    private KafkaFactory kafka;

    @Valid
    @NotNull
    private SchemaRegistryFactory schemaRegistry;

    @Valid
    @NotNull
    private TopicsFactory topics = new TopicsFactory();

    @JsonProperty("kafka")
    public KafkaFactory getKafka() {
        return kafka;
    }

    @JsonProperty("kafka")
    public void setKafka(KafkaFactory kafka) {
        this.kafka = kafka;
    }

    @JsonProperty("schemaRegistry")
    public SchemaRegistryFactory getSchemaRegistry() {
        return schemaRegistry;
    }

    @JsonProperty("schemaRegistry")
    public void setSchemaRegistry(SchemaRegistryFactory schemaRegistry) {
        this.schemaRegistry = schemaRegistry;
    }

    @JsonProperty("topics")
    public TopicsFactory getTopics() {
        return topics;
    }

    @JsonProperty("topics")
    public void setTopics(TopicsFactory topics) {
        this.topics = topics;
    }
}
