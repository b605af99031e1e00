package io.agentix.incident.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.agentix.incident.escalation.policy.PolicyLoader;
import io.agentix.incident.events.Severity;
import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.setup.Bootstrap;

/** {@code policyFile} in the service configuration: the shipped default unless set, validated at start. */
class EscalationPolicyConfigurationTest {

    private static final String BASE = """
            kafka:
              bootstrapServers: localhost:9092
            schemaRegistry:
              url: http://localhost:8081
            """;

    /** Building a validator is the slow part of a Dropwizard bootstrap: once for the class. */
    private static final YamlConfigurationFactory<EscalationConfiguration> FACTORY = factory();

    @TempDir
    Path dir;

    @Test
    void withoutPolicyFileTheShippedDefaultIsUsed() throws Exception {
        EscalationConfiguration configuration = load(BASE);

        assertThat(configuration.getPolicyFile()).isEmpty();
        assertThat(configuration.getPolicy()).isSameAs(PolicyLoader.shipped());
    }

    @Test
    void shippedConfigYmlRunsOnTheShippedPolicy() throws Exception {
        EscalationConfiguration configuration = FACTORY.build(bootstrap().getConfigurationSourceProvider(), "config.yml");

        assertThat(configuration.getPolicy().version()).isEqualTo(PolicyLoader.shipped().version());
    }

    @Test
    void aConfiguredPolicyFileIsLoaded() throws Exception {
        Path policy = dir.resolve("team-policy.yml");
        Files.writeString(policy, new String(PolicyLoader.shippedBytes(), StandardCharsets.UTF_8)
                .replace("version: \"2026-03-27\"", "version: \"team-7\""));

        EscalationConfiguration configuration = load(BASE + "policyFile: " + policy + "\n");

        assertThat(configuration.getPolicyFile()).contains(policy.toString());
        assertThat(configuration.getPolicy().declaredVersion()).isEqualTo("team-7");
        assertThat(configuration.getPolicy().source()).isEqualTo(policy.toString());
    }

    @Test
    void anInvalidPolicyFileStopsTheStartWithItsLineAndReason() throws IOException {
        Path policy = dir.resolve("broken-policy.yml");
        Files.writeString(policy, new String(PolicyLoader.shippedBytes(), StandardCharsets.UTF_8)
                .replace("correlationWindow: 15m", "correlationWindow: fifteen"));
        int line = lineOf(policy, "correlationWindow: fifteen");

        assertThatThrownBy(() -> load(BASE + "policyFile: " + policy + "\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("policyFile " + policy + ":" + line + ":20: bad duration 'fifteen' for correlationWindow");
    }

    @Test
    void aMissingPolicyFileStopsTheStart() {
        Path policy = dir.resolve("missing.yml");

        assertThatThrownBy(() -> load(BASE + "policyFile: " + policy + "\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("policyFile " + policy + ":1:1: cannot read the policy file");
    }

    @Test
    void fastClocksDivideThePolicyAndMarkItsVersion() throws Exception {
        EscalationConfiguration configuration = load(BASE + "streams:\n  fastClocks: 60\n");

        assertThat(configuration.getPolicy().version()).isEqualTo(PolicyLoader.shipped().version() + "/fast60");
        assertThat(configuration.getPolicy().severity(Severity.P1).responseTime()).contains(Duration.ofSeconds(15));
    }

    @Test
    void devConfigRunsOnRealTimeUnlessStreamsFastClocksIsSet() throws Exception {
        // STREAMS_FAST_CLOCKS is not set in the build: config-dev.yml's default applies.
        EscalationConfiguration configuration = FACTORY.build(bootstrap().getConfigurationSourceProvider(), "config-dev.yml");

        assertThat(configuration.getStreams().getFastClocks()).isEqualTo(1);
        assertThat(configuration.getPolicy()).isSameAs(PolicyLoader.shipped());
    }

    @Test
    void fastClocksOutOfRangeStopTheStartNamingTheKey() {
        assertThatThrownBy(() -> load(BASE + "streams:\n  fastClocks: 0\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("streams.fastClocks must be at least 1 (1 is real time)");
        assertThatThrownBy(() -> load(BASE + "streams:\n  fastClocks: 3601\n"))
                .isInstanceOf(ConfigurationValidationException.class)
                .hasMessageContaining("streams.fastClocks must be at most 3600 (an hour becomes a second)");
    }

    private EscalationConfiguration load(String yaml) throws Exception {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, yaml);
        return FACTORY.build(config.toFile());
    }

    private static YamlConfigurationFactory<EscalationConfiguration> factory() {
        Bootstrap<EscalationConfiguration> bootstrap = bootstrap();
        return new YamlConfigurationFactory<>(EscalationConfiguration.class,
                bootstrap.getValidatorFactory().getValidator(), bootstrap.getObjectMapper(), "dw");
    }

    private static Bootstrap<EscalationConfiguration> bootstrap() {
        EscalationApplication application = new EscalationApplication();
        Bootstrap<EscalationConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        return bootstrap;
    }

    private static int lineOf(Path file, String text) throws IOException {
        var lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
