package io.agentix.incident.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.agentix.incident.notifier.delivery.DeliverySettings;
import io.agentix.incident.topics.EventTopic;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jetty.HttpConnectorFactory;

/** The module's config.yml, read as {@code server config.yml} reads it: substituted, parsed, validated. */
class NotifierConfigurationTest {

    @Test
    void shippedConfigYmlParsesAndValidates() throws Exception {
        NotifierConfiguration configuration = load("config.yml");

        assertThat(port(configuration, true)).isEqualTo(8083);
        assertThat(port(configuration, false)).isEqualTo(9083);
        assertThat(configuration.getTopics().build().name(EventTopic.ALERTS)).isEqualTo("alerts");
    }

    @Test
    void shippedConfigYmlTakesKafkaAndRegistryFromTheEnvironmentWithLocalDefaults() throws Exception {
        NotifierConfiguration configuration = load("config.yml");

        assertThat(configuration.getKafka().getBootstrapServers())
                .isEqualTo(System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
        assertThat(configuration.getSchemaRegistry().getUrl())
                .isEqualTo(System.getenv().getOrDefault("SCHEMA_REGISTRY_URL", "http://localhost:8081"));
    }

    @Test
    void shippedConfigYmlHasTheDeliveryDefaults() throws Exception {
        DeliverySettings settings = load("config.yml").getDelivery().settings();

        assertThat(settings).isEqualTo(DeliverySettings.defaults());
        assertThat(load("config.yml").getDelivery().getConsumerGroup()).isEqualTo("notifier-service");
    }

    private static NotifierConfiguration load(String path) throws Exception {
        NotifierApplication application = new NotifierApplication();
        Bootstrap<NotifierConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        return new YamlConfigurationFactory<>(NotifierConfiguration.class,
                bootstrap.getValidatorFactory().getValidator(), bootstrap.getObjectMapper(), "dw")
                .build(bootstrap.getConfigurationSourceProvider(), path);
    }

    private static int port(NotifierConfiguration configuration, boolean application) {
        DefaultServerFactory server = (DefaultServerFactory) configuration.getServerFactory();
        return ((HttpConnectorFactory) (application ? server.getApplicationConnectors()
                : server.getAdminConnectors()).get(0)).getPort();
    }
}
