package io.agentix.incident.escalation.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.junit.jupiter.api.Test;

import io.agentix.incident.service.kafka.KafkaFactory;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

class StreamsFactoryTest {

    private static final Validator VALIDATOR = Validators.newValidator();

    @Test
    void defaultsAreExactlyOnceV2TenMillisecondCommitsNoStandbyAndOneSecondClockChecks() {
        StreamsFactory factory = factory();

        Properties config = factory.streamsConfig(kafka(), Map.of("schema.registry.url", "mock://test"), "app:8082");

        assertThat(config).containsEntry(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "exactly_once_v2")
                .containsEntry(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 10L)
                .containsEntry(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 0)
                .containsEntry(StreamsConfig.APPLICATION_ID_CONFIG, "escalation-streams")
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "app:8082")
                .containsEntry(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "broker:9092")
                .containsEntry(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                        LogAndContinueExceptionHandler.class.getName())
                .containsEntry("schema.registry.url", "mock://test");
        assertThat(factory.getClockCheckInterval().toJavaDuration()).hasSeconds(1);
        assertThat(violations(factory)).isEmpty();
    }

    @Test
    void configuredApplicationServerWinsOverTheDefault() {
        StreamsFactory factory = factory();
        factory.setApplicationServer("engine-1.internal:8082");

        assertThat(factory.streamsConfig(kafka(), Map.of(), "localhost:8082"))
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "engine-1.internal:8082");
    }

    @Test
    void processingGuaranteeCannotBeWeakenedThroughProperties() {
        StreamsFactory factory = factory();
        factory.setProperties(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, "at_least_once"));

        assertThat(violations(factory)).singleElement().asString()
                .contains("'processing.guarantee' cannot be set in streams.properties")
                .contains("exactly_once_v2");
    }

    @Test
    void keysWithTheirOwnSettingAreRejectedInPropertiesOthersPassThrough() {
        StreamsFactory factory = factory();
        factory.setProperties(Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100",
                StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2"));

        assertThat(violations(factory)).singleElement().asString()
                .contains("'commit.interval.ms' cannot be set in streams.properties");
        factory.setProperties(Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2"));
        assertThat(factory.streamsConfig(kafka(), Map.of(), null))
                .containsEntry(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2")
                .doesNotContainKey(StreamsConfig.APPLICATION_SERVER_CONFIG);
    }

    @Test
    void applicationServerMustBeHostAndPort() {
        StreamsFactory factory = factory();
        factory.setApplicationServer("http://localhost:8082");

        assertThat(violations(factory)).singleElement().asString().contains("must be host:port");
    }

    private static StreamsFactory factory() {
        StreamsFactory factory = new StreamsFactory();
        factory.setStateDir("target/state");
        return factory;
    }

    private static KafkaFactory kafka() {
        KafkaFactory kafka = new KafkaFactory();
        kafka.setBootstrapServers("broker:9092");
        return kafka;
    }

    private static Set<String> violations(StreamsFactory factory) {
        return VALIDATOR.validate(factory).stream().map(ConstraintViolation::getMessage)
                .collect(Collectors.toSet());
    }
}
