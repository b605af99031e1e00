package io.agentix.incident.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.agentix.incident.topics.EventTopic;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jetty.HttpConnectorFactory;

/** The module's config.yml, read as {@code server config.yml} reads it: substituted, parsed, validated. */
class EscalationConfigurationTest {

    @Test
    void shippedConfigYmlParsesAndValidates() throws Exception {
        EscalationConfiguration configuration = load("config.yml");

        assertThat(port(configuration, true)).isEqualTo(8082);
        assertThat(port(configuration, false)).isEqualTo(9082);
        assertThat(configuration.getTopics().build().name(EventTopic.ALERTS)).isEqualTo("alerts");
    }

    @Test
    void shippedConfigYmlTakesKafkaAndRegistryFromTheEnvironmentWithLocalDefaults() throws Exception {
        EscalationConfiguration configuration = load("config.yml");

        assertThat(configuration.getKafka().getBootstrapServers())
                .isEqualTo(System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"));
        assertThat(configuration.getSchemaRegistry().getUrl())
                .isEqualTo(System.getenv().getOrDefault("SCHEMA_REGISTRY_URL", "http://localhost:8081"));
    }

    private static EscalationConfiguration load(String path) throws Exception {
        EscalationApplication application = new EscalationApplication();
        Bootstrap<EscalationConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        return new YamlConfigurationFactory<>(EscalationConfiguration.class,
                bootstrap.getValidatorFactory().getValidator(), bootstrap.getObjectMapper(), "dw")
                .build(bootstrap.getConfigurationSourceProvider(), path);
    }

    private static int port(EscalationConfiguration configuration, boolean application) {
        DefaultServerFactory server = (DefaultServerFactory) configuration.getServerFactory();
        return ((HttpConnectorFactory) (application ? server.getApplicationConnectors()
                : server.getAdminConnectors()).get(0)).getPort();
    }
}
