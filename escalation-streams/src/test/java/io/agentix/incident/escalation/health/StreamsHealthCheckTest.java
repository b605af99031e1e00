package io.agentix.incident.escalation.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import com.codahale.metrics.health.HealthCheck.Result;

class StreamsHealthCheckTest {

    @Test
    void healthyOnlyWhileRunningOrRebalancing() {
        StreamsHealthCheck check = new StreamsHealthCheck();

        assertThat(check.execute().isHealthy()).as("CREATED").isFalse();
        check.onStateChange(State.REBALANCING, State.CREATED);
        assertThat(check.execute().isHealthy()).as("REBALANCING").isTrue();
        check.onStateChange(State.RUNNING, State.REBALANCING);
        assertThat(check.execute().isHealthy()).as("RUNNING").isTrue();
        check.onStateChange(State.PENDING_SHUTDOWN, State.RUNNING);
        Result shuttingDown = check.execute();
        assertThat(shuttingDown.isHealthy()).as("PENDING_SHUTDOWN").isFalse();
        assertThat(shuttingDown.getMessage()).contains("PENDING_SHUTDOWN");
        check.onStateChange(State.NOT_RUNNING, State.PENDING_SHUTDOWN);
        assertThat(check.execute().isHealthy()).as("NOT_RUNNING").isFalse();
    }

    @Test
    void aDeadStreamThreadShutsTheClientDownAndTurnsHealthRedNamingTheCause() {
        StreamsHealthCheck check = new StreamsHealthCheck();
        check.onStateChange(State.RUNNING, State.REBALANCING);

        StreamThreadExceptionResponse response = check.onFatal(new IllegalStateException("clock store corrupt"));

        assertThat(response).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        Result result = check.execute();
        assertThat(result.isHealthy()).isFalse();
        assertThat(result.getMessage()).contains("stream thread died").contains("clock store corrupt");
    }
}
