package io.agentix.incident.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.apache.kafka.streams.StreamsConfig;
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
    void shippedConfigYmlRunsStreamsExactlyOnceWithA10msCommitIntervalAndNoStandbyByDefault() throws Exception {
        EscalationConfiguration configuration = load("config.yml");

        Properties streams = configuration.getStreams().streamsConfig(configuration.getKafka(),
                configuration.getSchemaRegistry().serdeConfig(), null);

        assertThat(streams).containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "escalation-streams")
                .containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10L)
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG,
                        System.getenv().getOrDefault("STREAMS_APPLICATION_SERVER", "localhost:8082"))
                .containsEntry(StreamsConfig.STATE_DIR_CONFIG,
                        System.getenv().getOrDefault("STREAMS_STATE_DIR", "var/streams"))
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, configuration.getKafka().getBootstrapServers());
        assertThat(configuration.getStreams().getNumStandbyReplicas())
                .isEqualTo(Integer.parseInt(System.getenv().getOrDefault("STREAMS_NUM_STANDBY_REPLICAS", "0")));
        assertThat(configuration.getStreams().getClockCheckInterval().toJavaDuration()).hasSeconds(1);
        assertThat(configuration.getPolicyFile()).isEqualTo(java.util.Optional.ofNullable(
                System.getenv("ESCALATION_POLICY_FILE")).filter(file -> !file.isBlank()));
    }

    @Test
    void defaultApplicationServerIsTheApplicationConnector() throws Exception {
        EscalationConfiguration configuration = load("config.yml");

        assertThat(EscalationApplication.defaultApplicationServer(configuration)).isEqualTo("localhost:8082");
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
