package io.agentix.incident.ingest.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Serializer;

import io.agentix.incident.events.AlertEvent;
import io.agentix.incident.events.DeploymentEvent;
import io.agentix.incident.events.RawWebhook;
import io.agentix.incident.events.RejectedWebhook;
import io.agentix.incident.ingest.core.Normalized;
import io.agentix.incident.registry.SchemaRegistryException;
import io.agentix.incident.service.health.RecentSends;
import io.agentix.incident.topics.TopicSpec;
import io.agentix.incident.topics.TopicSpecs;

/**
 * Publishes what one delivery produced and tells when the broker has acknowledged all of it.
 *
 * <p>Every value is serialized first (so a record that cannot be encoded fails the request before
 * anything is sent), then all records are sent with the one shared producer. The returned future
 * completes on the producer's I/O thread when the last acknowledgement arrives, fails with the first
 * send failure, and fails with a {@link java.util.concurrent.TimeoutException} when the
 * acknowledgements take longer than the ack timeout. Nothing here blocks beyond the producer's own
 * {@code max.block.ms}, which bounds how long {@code send()} waits for metadata.
 *
 * <p>The records of one delivery are not written atomically: after a failure some may be on the
 * broker. The sender's retry writes them again with the same event ids, which is how consumers
 * recognise the repeat.
 */
public final class DeliveryPublisher {

    private final Producer<String, byte[]> producer;
    private final Topic<RawWebhook> raw;
    private final Topic<RejectedWebhook> rejected;
    private final Topic<AlertEvent> alerts;
    private final Topic<DeploymentEvent> deployments;
    private final RecentSends sends;
    private final long ackTimeoutMillis;

    /** A topic's name and value serializer, looked up once. */
    private record Topic<V extends SpecificRecord>(String name, Serializer<V> serializer) {
        static <V extends SpecificRecord> Topic<V> of(TopicSpec<String, V> spec) {
            return new Topic<>(spec.name(), spec.valueSerializer());
        }

        /** A record stamped with the moment the delivery was received, which consumers take as its time. */
        ProducerRecord<String, byte[]> record(String key, V value, Instant receivedAt) {
            return new ProducerRecord<>(name, null, receivedAt.toEpochMilli(), key, serializer.serialize(name, value));
        }
    }

    public DeliveryPublisher(Producer<String, byte[]> producer, TopicSpecs topics, RecentSends sends,
                             Duration ackTimeout) {
        this.producer = Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(topics, "topics");
        this.raw = Topic.of(topics.rawWebhooks());
        this.rejected = Topic.of(topics.rejectedWebhooks());
        this.alerts = Topic.of(topics.alerts());
        this.deployments = Topic.of(topics.deployments());
        this.sends = Objects.requireNonNull(sends, "sends");
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        if (ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("ackTimeout must be positive, was " + ackTimeout);
        }
        this.ackTimeoutMillis = ackTimeout.toMillis();
    }

    /**
     * Sends the raw webhook (key rawId), every alert (key dedupKey) and every deploy fact (key service),
     * each with the receipt time as its record timestamp (the escalation engine's time for it).
     *
     * @throws org.apache.kafka.common.errors.SerializationException when a record cannot be encoded
     */
    public CompletableFuture<Void> publishAccepted(RawWebhook webhook, Normalized normalized) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(
                1 + normalized.alerts().size() + normalized.deployments().size());
        try {
            records.add(raw.record(webhook.getRawId(), webhook, webhook.getReceivedAt()));
            for (AlertEvent alert : normalized.alerts()) {
                records.add(alerts.record(alert.getDedupKey(), alert, alert.getReceivedAt()));
            }
            for (DeploymentEvent deployment : normalized.deployments()) {
                records.add(deployments.record(deployment.getService(), deployment, deployment.getReceivedAt()));
            }
        } catch (SchemaRegistryException e) {
            return CompletableFuture.failedFuture(e);
        }
        return send(records);
    }

    /** Sends the record of a rejected delivery (key rawId). */
    public CompletableFuture<Void> publishRejected(RejectedWebhook webhook) {
        try {
            return send(List.of(rejected.record(webhook.getRawId(), webhook, webhook.getReceivedAt())));
        } catch (SchemaRegistryException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<Void> send(List<ProducerRecord<String, byte[]>> records) {
        Acknowledgements acks = new Acknowledgements(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            try {
                producer.send(record, acks);
            } catch (KafkaException e) {
                // E.g. no metadata for the topic within max.block.ms: the broker is away.
                acks.onCompletion(null, e);
                break;
            }
        }
        return acks.done.orTimeout(ackTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Counts the acknowledgements of one delivery's records; runs on the producer's I/O thread. */
    private final class Acknowledgements implements Callback {
        private final AtomicInteger outstanding;
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        Acknowledgements(int records) {
            this.outstanding = new AtomicInteger(records);
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                sends.failed(exception);
                done.completeExceptionally(exception);
            } else {
                sends.succeeded();
                if (outstanding.decrementAndGet() == 0) {
                    done.complete(null);
                }
            }
        }
    }
}
