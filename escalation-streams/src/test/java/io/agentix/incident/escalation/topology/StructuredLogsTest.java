package io.agentix.incident.escalation.topology;

import static io.agentix.incident.escalation.topology.Scenario.T;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentix.incident.escalation.EscalationApplication;
import io.agentix.incident.escalation.EscalationConfiguration;
import io.agentix.incident.escalation.policy.PolicyLoader;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.logback.AsyncAppenderBaseProxy;
import io.dropwizard.logging.common.AbstractAppenderFactory;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.LoggingFactory;

/**
 * The logs of the shipped configurations, written by the real topology: config.yml writes one JSON
 * object per line with the incident id as a field, config-dev.yml a readable line with the id in
 * brackets; the id is gone from the MDC once the record is processed.
 */
class StructuredLogsTest {

    private static final String INCIDENT = "INC-20261129-0001";

    @Test
    void productionConfigLogsJsonWithTheIncidentIdAsAField() throws Exception {
        List<String> lines = logsOfAP1AndAClockFiring("config.yml");

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> entries = new ArrayList<>();
        for (String line : lines) {
            assertThat(line).as("every line is one JSON object").startsWith("{").endsWith("}");
            entries.add(json.readTree(line));
        }
        assertThat(entries).filteredOn(entry -> entry.path("message").asText().startsWith(INCIDENT + " OPENED"))
                .singleElement().satisfies(entry -> {
                    assertThat(entry.path("incidentId").asText()).isEqualTo(INCIDENT);
                    assertThat(entry.path("level").asText()).isEqualTo("INFO");
                    assertThat(entry.path("logger").asText()).isEqualTo(IncidentProcessor.class.getName());
                    assertThat(entry.has("timestamp")).isTrue();
                });
        assertThat(entries).as("the response window fired by the punctuation")
                .filteredOn(entry -> entry.path("message").asText().startsWith(INCIDENT + " ESCALATED"))
                .isNotEmpty().allSatisfy(entry -> assertThat(entry.path("incidentId").asText()).isEqualTo(INCIDENT));
        assertThat(entries).as("the line logged after processing")
                .filteredOn(entry -> entry.path("message").asText().equals("after the records"))
                .singleElement().satisfies(entry -> assertThat(entry.has("incidentId")).isFalse());
    }

    @Test
    void devConfigLogsReadableLinesWithTheIncidentIdInBrackets() throws Exception {
        List<String> lines = logsOfAP1AndAClockFiring("config-dev.yml");

        assertThat(lines).filteredOn(line -> line.contains(INCIDENT + " OPENED")).singleElement()
                .satisfies(line -> assertThat(line).contains("IncidentProcessor: [" + INCIDENT + "] " + INCIDENT
                        + " OPENED").doesNotStartWith("{"));
        assertThat(lines).filteredOn(line -> line.contains("after the records")).singleElement()
                .satisfies(line -> assertThat(line).endsWith(": after the records").doesNotContain("[]"));
    }

    /** What the configuration's logging writes to stdout while a P1 opens and its response window fires. */
    private static List<String> logsOfAP1AndAClockFiring(String configFile) throws Exception {
        LoggingFactory logging = load(configFile).getLoggingFactory();
        // The asynchronous appender drops INFO lines by default once its queue is 80% full, which the streams test
        // driver's start-up logging can do on a slow machine: this test is about the lines' format, not that policy.
        for (AppenderFactory<ILoggingEvent> appender : ((DefaultLoggingFactory) logging).getAppenders()) {
            ((AbstractAppenderFactory<ILoggingEvent>) appender).setDiscardingThreshold(0);
        }
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            logging.configure(new MetricRegistry(), "escalation-streams");
            try (EngineHarness harness = new EngineHarness(PolicyLoader.shipped(), T)) {
                harness.alert(Scenario.p1("e-1", T));
                harness.advanceWallClockTo(T.plus(Duration.ofMinutes(15)));
            }
            assertThat(MDC.get("incidentId")).as("cleared after each record and clock").isNull();
            LoggerFactory.getLogger(StructuredLogsTest.class).info("after the records");
            drainAsynchronousAppenders();
        } finally {
            System.setOut(stdout);
            logging.reset();
        }
        return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
    }

    /**
     * Stops the root logger's asynchronous appenders, which returns once their worker has written every
     * event taken. {@code LoggingFactory.stop()} only waits for the queue to be empty, and an event the
     * worker has taken but not yet written leaves it empty: the last line could then be missing.
     */
    private static void drainAsynchronousAppenders() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        for (Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
             it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            AsyncAppenderBase<ILoggingEvent> async = appender instanceof AsyncAppenderBaseProxy<?> proxy
                    ? (AsyncAppenderBase<ILoggingEvent>) proxy.getAppender()
                    : appender instanceof AsyncAppenderBase<ILoggingEvent> base ? base : null;
            if (async != null) {
                async.setMaxFlushTime(60_000); // how long stop() waits for the worker; it needs milliseconds
                async.stop();
            }
        }
    }

    private static EscalationConfiguration load(String path) throws Exception {
        EscalationApplication application = new EscalationApplication();
        Bootstrap<EscalationConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        return new YamlConfigurationFactory<>(EscalationConfiguration.class,
                bootstrap.getValidatorFactory().getValidator(), bootstrap.getObjectMapper(), "dw")
                .build(bootstrap.getConfigurationSourceProvider(), path);
    }
}
