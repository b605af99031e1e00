package io.agentix.incident.escalation.kafka;

import java.time.Duration;
import java.util.Objects;

import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dropwizard.lifecycle.Managed;

/**
 * Starts the Kafka Streams instance with the application and closes it when the application stops,
 * bounded by a timeout: a clean close commits the open transaction and writes the state checkpoint,
 * so a restart on the same state directory resumes without restoring. The instance leaves the
 * consumer group as it closes, so a standby takes the engine's single partition over at once rather
 * than after the session timeout.
 */
public final class ManagedStreams implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedStreams.class);

    private final String name;
    private final KafkaStreams streams;
    private final Duration closeTimeout;

    public ManagedStreams(String name, KafkaStreams streams, Duration closeTimeout) {
        this.name = Objects.requireNonNull(name, "name");
        this.streams = Objects.requireNonNull(streams, "streams");
        this.closeTimeout = Objects.requireNonNull(closeTimeout, "closeTimeout");
    }

    @Override
    public void start() {
        LOG.info("Starting Kafka Streams {}", name);
        streams.start();
    }

    @Override
    public void stop() {
        LOG.info("Closing Kafka Streams {}", name);
        if (!streams.close(CloseOptions.timeout(closeTimeout)
                .withGroupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP))) {
            LOG.warn("Kafka Streams {} did not close within {}; the next start restores what it did not checkpoint",
                    name, closeTimeout);
        }
    }
}
