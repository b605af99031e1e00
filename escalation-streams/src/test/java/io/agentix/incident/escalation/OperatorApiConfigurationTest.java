package io.agentix.incident.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.setup.Bootstrap;

/** The {@code operatorApi} section of the module's config files, and its validation. */
class OperatorApiConfigurationTest {

    private static final String MINIMAL = """
            kafka: {bootstrapServers: localhost:9092}
            schemaRegistry: {url: mock://test}
            streams: {stateDir: target/test-state}
            """;

    @Test
    void configYmlTakesTheOperatorTokenFromTheEnvironmentAndKeepsReadsOpen() throws Exception {
        OperatorApiSettings api = load("config.yml", Map.of("OPERATOR_API_TOKEN", "s3cr3t")).getOperatorApi();

        assertThat(api.getTokens()).containsExactly(Map.entry("operator", "s3cr3t"));
        assertThat(api.isProtectReads()).isFalse();
        assertThat(api.getAckTimeout().toSeconds()).isEqualTo(5);
    }

    @Test
    void configYmlWithoutTheOperatorTokenStartsWithNoTokenSoCommandsAreRefused() throws Exception {
        OperatorApiSettings api = load("config.yml", Map.of()).getOperatorApi();

        assertThat(api.getTokens()).containsExactly(Map.entry("operator", ""));
        assertThat(api.effectiveTokens()).isEmpty();
    }

    @Test
    void anEnvironmentVariableWithoutDefaultThatIsNotSetStopsTheStart() {
        assertThatThrownBy(() -> parse(MINIMAL + "operatorApi: {tokens: {alice: \"${ALICE_TOKEN}\"}}"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("operatorApi.tokens token of alice: environment variable ALICE_TOKEN is not set");
    }

    @Test
    void devConfigHasTheDevToken() throws Exception {
        assertThat(load("config-dev.yml", Map.of()).getOperatorApi().getTokens())
                .containsExactly(Map.entry("operator", "dev"));
    }

    @Test
    void tokensMustBeNonBlankAndDistinct() throws Exception {
        assertThat(parse(MINIMAL).getOperatorApi().getTokens()).isEmpty();
        assertThat(parse(MINIMAL + "operatorApi: {tokens: {alice: a1, bob: b2}, protectReads: true}")
                .getOperatorApi().isProtectReads()).isTrue();
        assertThatThrownBy(() -> parse(MINIMAL + "operatorApi: {tokens: {alice: \" \"}}"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("operatorApi.tokens token of alice is only whitespace");
        assertThatThrownBy(() -> parse(MINIMAL + "operatorApi: {tokens: {alice: same, bob: same}}"))
                .hasMessageContaining("have the same token");
        assertThatThrownBy(() -> parse(MINIMAL + "operatorApi: {ackTimeout: 0s}"))
                .hasMessageContaining("operatorApi.ackTimeout");
    }

    private static EscalationConfiguration load(String path, Map<String, String> environment) throws Exception {
        // As EscalationApplication.initialize substitutes, from this map instead of the process environment.
        return build(new SubstitutingSourceProvider(new FileConfigurationSourceProvider(),
                new StringSubstitutor(environment)), path);
    }

    private static EscalationConfiguration parse(String yaml) throws Exception {
        return build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    private static EscalationConfiguration build(ConfigurationSourceProvider provider, String path) throws Exception {
        EscalationApplication application = new EscalationApplication();
        Bootstrap<EscalationConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        return new YamlConfigurationFactory<>(EscalationConfiguration.class,
                bootstrap.getValidatorFactory().getValidator(), bootstrap.getObjectMapper(), "dw")
                .build(provider, path);
    }
}
