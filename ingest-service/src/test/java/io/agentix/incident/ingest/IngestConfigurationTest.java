package io.agentix.incident.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

import io.agentix.incident.topics.EventTopic;
import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.jetty.HttpConnectorFactory;

/**
 * The module's config files, read as {@code server config.yml} reads them: substituted from an
 * environment given by the test, parsed, validated.
 */
class IngestConfigurationTest {

    private static final List<String> SECRET_VARIABLES = List.of("SENTRY_CLIENT_SECRET", "SENTRY_LEGACY_TOKEN",
            "BETTERSTACK_TOKEN", "RAILWAY_TOKEN", "ALERTMANAGER_TOKEN", "GITHUB_WEBHOOK_SECRET", "REPORTS_API_TOKEN");

    @Test
    void shippedConfigYmlParsesAndValidatesWithItsSecretsInTheEnvironment() throws Exception {
        IngestConfiguration configuration = load("config.yml", secrets());

        assertThat(port(configuration, true)).isEqualTo(8080);
        assertThat(port(configuration, false)).isEqualTo(9080);
        assertThat(configuration.getTopics().build().name(EventTopic.ALERTS)).isEqualTo("alerts");
        IngestSettings ingest = configuration.getIngest();
        assertThat(ingest.getMaxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(ingest.getSentry().getClientSecrets()).containsExactly("secret-of-SENTRY_CLIENT_SECRET");
        assertThat(ingest.getSentry().getMaxClockSkew().toMinutes()).isEqualTo(5);
        assertThat(ingest.getBetterstack().getTokens()).containsExactly(Map.entry("secret-of-BETTERSTACK_TOKEN", "default"));
        assertThat(ingest.getGithub().getSecrets()).containsKey("secret-of-GITHUB_WEBHOOK_SECRET");
        assertThat(ingest.getNormalization().build().isMainBranch("master")).isTrue();
    }

    @Test
    void shippedConfigYmlTakesKafkaAndRegistryFromTheEnvironmentWithLocalDefaults() throws Exception {
        IngestConfiguration local = load("config.yml", secrets());
        Map<String, String> compose = secrets();
        compose.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:29092");
        compose.put("SCHEMA_REGISTRY_URL", "http://schema-registry:8081");
        IngestConfiguration inCompose = load("config.yml", compose);

        assertThat(local.getKafka().getBootstrapServers()).isEqualTo("localhost:9092");
        assertThat(local.getSchemaRegistry().getUrl()).isEqualTo("http://localhost:8081");
        assertThat(inCompose.getKafka().getBootstrapServers()).isEqualTo("kafka:29092");
        assertThat(inCompose.getSchemaRegistry().getUrl()).isEqualTo("http://schema-registry:8081");
    }

    @Test
    void shippedConfigYmlRefusesToStartNamingEverySecretThatIsNotSet() {
        Map<String, String> oneMissing = secrets();
        oneMissing.remove("RAILWAY_TOKEN");

        assertThatThrownBy(() -> load("config.yml", Map.of()))
                .isInstanceOf(ConfigurationValidationException.class)
                .satisfies(e -> SECRET_VARIABLES.forEach(variable ->
                        assertThat(e).hasMessageContaining("environment variable " + variable + " is not set")));
        assertThatThrownBy(() -> load("config.yml", oneMissing))
                .hasMessageContaining("ingest.railway.tokens environment variable RAILWAY_TOKEN is not set")
                .hasMessageNotContaining("BETTERSTACK_TOKEN");
    }

    @Test
    void devConfigUsesDevForEveryTokenAndSecret() throws Exception {
        IngestSettings ingest = load("config-dev.yml", Map.of()).getIngest();

        assertThat(ingest.getSentry().getClientSecrets()).containsExactly("dev");
        assertThat(ingest.getSentry().getLegacyTokens()).containsOnlyKeys("dev");
        assertThat(List.of(ingest.getBetterstack(), ingest.getRailway(), ingest.getAlertmanager(), ingest.getReports()))
                .allSatisfy(source -> assertThat(source.getTokens()).containsOnlyKeys("dev"));
        assertThat(ingest.getGithub().getSecrets()).containsOnlyKeys("dev");
    }

    @Test
    void sourceWithoutCredentialsIsValidAndBlankCredentialsAreNot() throws Exception {
        String minimal = """
                kafka: {bootstrapServers: localhost:9092}
                schemaRegistry: {url: mock://test}
                """;

        IngestSettings defaults = parse(minimal).getIngest();

        assertThat(defaults.getBetterstack().getTokens()).isEmpty();
        assertThat(defaults.getAckTimeout().toSeconds()).isEqualTo(5);
        assertThatThrownBy(() -> parse(minimal + "ingest: {railway: {tokens: {\" \": acme}}}"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("ingest.railway.tokens has a blank secret");
        assertThatThrownBy(() -> parse(minimal + "ingest: {github: {secrets: {s3cr3t: \"\"}}}"))
                .hasMessageContaining("ingest.github.secrets has an entry without an account");
        assertThatThrownBy(() -> parse(minimal + "ingest: {maxBodyBytes: 0}"))
                .hasMessageContaining("ingest.maxBodyBytes");
    }

    private static Map<String, String> secrets() {
        Map<String, String> environment = new HashMap<>();
        SECRET_VARIABLES.forEach(variable -> environment.put(variable, "secret-of-" + variable));
        return environment;
    }

    private static IngestConfiguration load(String path, Map<String, String> environment) throws Exception {
        // As IngestApplication.initialize substitutes, from this map instead of the process environment.
        return build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new StringSubstitutor(environment)), path);
    }

    private static IngestConfiguration parse(String yaml) throws Exception {
        return build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    private static IngestConfiguration build(ConfigurationSourceProvider provider, String path) throws Exception {
        IngestApplication application = new IngestApplication();
        Bootstrap<IngestConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        return new YamlConfigurationFactory<>(IngestConfiguration.class,
                bootstrap.getValidatorFactory().getValidator(), bootstrap.getObjectMapper(), "dw")
                .build(provider, path);
    }

    private static int port(IngestConfiguration configuration, boolean application) {
        DefaultServerFactory server = (DefaultServerFactory) configuration.getServerFactory();
        return ((HttpConnectorFactory) (application ? server.getApplicationConnectors()
                : server.getAdminConnectors()).get(0)).getPort();
    }
}
