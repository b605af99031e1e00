package io.agentix.incident.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.agentix.incident.service.IncidentServiceConfiguration;
import io.agentix.incident.topics.EventTopic;
import io.agentix.incident.topics.TopicCatalog;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;

/** The shared configuration sections, parsed and validated the way Dropwizard does at start-up. */
class ServiceConfigurationValidationTest {

    private static final String VALID = """
            kafka:
              bootstrapServers: broker-1:9092,broker-2:9092
            schemaRegistry:
              url: http://registry:8081
            """;

    @Test
    void minimalConfigurationGetsTheShippedTopicCatalog() throws Exception {
        IncidentServiceConfiguration configuration = parse(VALID);

        TopicCatalog catalog = configuration.getTopics().build();

        assertThat(catalog.name(EventTopic.ALERTS)).isEqualTo("alerts");
        assertThat(catalog.definition(EventTopic.ALERTS).partitions()).isEqualTo(1);
        assertThat(catalog.definition(EventTopic.INCIDENTS).partitions()).isEqualTo(TopicCatalog.DEFAULT_PARTITIONS);
    }

    @Test
    void unknownTopicKeyIsAConfigurationErrorNamingTheKey() {
        assertThatThrownBy(() -> parse(VALID + """
                topics:
                  topics:
                    alertz: {partitions: 3}
                """))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("topics.topics")
                .hasMessageContaining("unknown topic 'alertz'");
    }

    @Test
    void invalidTopicSettingIsAConfigurationErrorNamingTheTopic() {
        assertThatThrownBy(() -> parse(VALID + """
                topics:
                  topics:
                    alerts: {name: prod.alerts, partitions: 0}
                """))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("topic prod.alerts: partitions must be at least 1");
    }

    @Test
    void topicKeyWithoutSettingsIsAConfigurationErrorNamingTheKey() {
        assertThatThrownBy(() -> parse(VALID + """
                topics:
                  topics:
                    alerts:
                """))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("topic 'alerts' has no settings");
    }

    @Test
    void missingBootstrapServersIsAConfigurationError() {
        assertThatThrownBy(() -> parse("""
                kafka:
                  clientId: ingest
                schemaRegistry:
                  url: http://registry:8081
                """))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("kafka.bootstrapServers");
    }

    @Test
    void schemaRegistryUrlMustBeHttpOrMock() {
        assertThatThrownBy(() -> parse("""
                kafka:
                  bootstrapServers: localhost:9092
                schemaRegistry:
                  url: http://registry:8081,registry-2:8081
                """))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("schemaRegistry.url")
                .hasMessageContaining("'registry-2:8081' must start with http://, https:// or mock://");
    }

    @Test
    void serdeConfigCarriesTheRegistryUrlAndExtraSettings() throws Exception {
        IncidentServiceConfiguration configuration = parse("""
                kafka:
                  bootstrapServers: localhost:9092
                schemaRegistry:
                  url: mock://tests
                  autoRegisterSchemas: false
                  serde: {use.latest.version: "true"}
                """);

        assertThat(configuration.getSchemaRegistry().serdeConfig())
                .containsEntry("schema.registry.url", "mock://tests")
                .containsEntry("auto.register.schemas", false)
                .containsEntry("use.latest.version", "true");
    }

    @Test
    void producerIsIdempotentWithAcksAllUnlessOverriddenAndNamedAfterTheService() throws Exception {
        KafkaFactory kafka = parse("""
                kafka:
                  bootstrapServers: localhost:9092
                  clientId: ingest-service
                  requestTimeout: 10s
                  producer: {linger.ms: "5"}
                schemaRegistry:
                  url: http://localhost:8081
                """).getKafka();

        assertThat(kafka.producerConfig("webhooks"))
                .containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("client.id", "ingest-service-webhooks")
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("request.timeout.ms", 10_000)
                .containsEntry("linger.ms", "5");
        assertThat(kafka.consumerConfig("notifications", "notifier"))
                .containsEntry("group.id", "notifier")
                .containsEntry("enable.auto.commit", false);
    }

    private static IncidentServiceConfiguration parse(String yaml) throws Exception {
        YamlConfigurationFactory<IncidentServiceConfiguration> factory = new YamlConfigurationFactory<>(
                IncidentServiceConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }
}
