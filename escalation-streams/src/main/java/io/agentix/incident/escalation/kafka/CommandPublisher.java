package io.agentix.incident.escalation.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.registry.SchemaRegistryException;
import io.agentix.incident.topics.TopicSpec;

/**
 * Publishes an operator's command to {@code incident-commands} (key incidentId, record timestamp
 * issuedAt, which is the engine's time for it) and tells when the broker has acknowledged it. A
 * command the operator API refused is published too, with {@code rejection} set: the engine records
 * it and applies nothing.
 *
 * <p>The value is serialized on the caller's thread, so a command that cannot be encoded (the
 * schema registry is away) fails before anything is sent. The returned future completes on the
 * producer's I/O thread with the acknowledgement, fails with the send's failure, and fails with a
 * {@link java.util.concurrent.TimeoutException} when the broker takes longer than the ack timeout.
 * The producer is idempotent with acks=all ({@code KafkaFactory#buildProducer}): an acknowledged
 * command is on every in-sync replica, once.
 */
public final class CommandPublisher {

    private final Producer<String, byte[]> producer;
    private final TopicSpec<String, IncidentCommand> topic;
    private final long ackTimeoutMillis;

    public CommandPublisher(Producer<String, byte[]> producer, TopicSpec<String, IncidentCommand> topic,
                            Duration ackTimeout) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        if (ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("ackTimeout must be positive, was " + ackTimeout);
        }
        this.ackTimeoutMillis = ackTimeout.toMillis();
    }

    /**
     * Sends {@code command}.
     *
     * @return completes once the broker acknowledged the record
     */
    public CompletableFuture<RecordMetadata> publish(IncidentCommand command) {
        ProducerRecord<String, byte[]> record;
        try {
            record = new ProducerRecord<>(topic.name(), null, command.getIssuedAt().toEpochMilli(),
                    command.getIncidentId(), topic.valueSerializer().serialize(topic.name(), command));
        } catch (SchemaRegistryException | KafkaException e) {
            // The registry is away (or refused the schema): answered as unavailable, like a broker outage.
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, exception) -> {
                if (exception != null) {
                    acked.completeExceptionally(exception);
                } else {
                    acked.complete(metadata);
                }
            });
        } catch (KafkaException e) {
            // E.g. no metadata for the topic within max.block.ms: the broker is away.
            acked.completeExceptionally(e);
        }
        return acked.orTimeout(ackTimeoutMillis, TimeUnit.MILLISECONDS);
    }
}
