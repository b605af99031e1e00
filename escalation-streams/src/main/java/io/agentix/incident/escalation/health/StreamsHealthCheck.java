package io.agentix.incident.escalation.health;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.codahale.metrics.health.HealthCheck;

/**
 * Healthy while the Kafka Streams instance is {@code RUNNING} or {@code REBALANCING}; red in every
 * other state, and red with the cause once a stream thread died.
 *
 * <p>{@link #watching} installs the instance's state listener and uncaught exception handler. A
 * thread that dies shuts the whole client down ({@code SHUTDOWN_CLIENT}): replacing the thread would
 * retry the same record and die again, and a half-running engine whose clocks silently stopped is
 * worse than a red health check that an orchestrator restarts.
 */
public final class StreamsHealthCheck extends HealthCheck {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsHealthCheck.class);

    private final AtomicReference<State> state = new AtomicReference<>(State.CREATED);
    private final AtomicReference<Throwable> fatal = new AtomicReference<>();

    /** Not yet attached to an instance: {@link #watching} attaches it. */
    StreamsHealthCheck() {
    }

    /** A check following {@code streams}; call before {@code streams.start()}. */
    public static StreamsHealthCheck watching(KafkaStreams streams) {
        Objects.requireNonNull(streams, "streams");
        StreamsHealthCheck check = new StreamsHealthCheck();
        streams.setStateListener((newState, oldState) -> check.onStateChange(newState, oldState));
        streams.setUncaughtExceptionHandler(exception -> check.onFatal(exception));
        return check;
    }

    void onStateChange(State newState, State oldState) {
        state.set(newState);
        if (newState == State.ERROR || newState == State.PENDING_ERROR) {
            LOG.error("Kafka Streams went from {} to {}", oldState, newState);
        } else {
            LOG.info("Kafka Streams went from {} to {}", oldState, newState);
        }
    }

    StreamThreadExceptionResponse onFatal(Throwable exception) {
        fatal.compareAndSet(null, exception);
        LOG.error("A Kafka Streams thread died; shutting the instance down (health turns red)", exception);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    @Override
    protected Result check() {
        State current = state.get();
        Throwable cause = fatal.get();
        if (cause != null) {
            return Result.unhealthy("Kafka Streams is %s after a stream thread died: %s", current, cause);
        }
        if (current == State.RUNNING || current == State.REBALANCING) {
            return Result.healthy("Kafka Streams is %s", current);
        }
        return Result.unhealthy("Kafka Streams is %s (healthy: RUNNING or REBALANCING)", current);
    }
}
