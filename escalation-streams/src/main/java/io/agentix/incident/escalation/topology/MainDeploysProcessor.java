package io.agentix.incident.escalation.topology;

import java.time.Duration;
import java.util.Objects;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import io.agentix.incident.events.DeploymentEvent;

/**
 * Keeps the global store {@link StoreNames#MAIN_DEPLOYS}: every deploy to a main branch from the
 * {@code deployments} topic, pruned to a retention window behind the newest. Global, because
 * on-call is the last deployer to main whatever partition that deploy landed on, and every task
 * must see it. Streams runs this processor again when it restores the store, so the store holds
 * exactly what processing the topic yields.
 */
final class MainDeploysProcessor implements Processor<String, DeploymentEvent, Void, Void> {

    private final Duration retention;
    private KeyValueStore<String, DeploymentEvent> deploys;

    private MainDeploysProcessor(Duration retention) {
        this.retention = retention;
    }

    /** The supplier of the global store's processor. */
    static ProcessorSupplier<String, DeploymentEvent, Void, Void> supplier(Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("deploy retention must be positive, was " + retention);
        }
        return () -> new MainDeploysProcessor(retention);
    }

    /** The global store: a global store's changelog is its source topic, so logging is off. */
    static StoreBuilder<KeyValueStore<String, DeploymentEvent>> storeBuilder(Serde<DeploymentEvent> serde,
                                                                              StoreType type) {
        return Stores.keyValueStoreBuilder(type.supplier(StoreNames.MAIN_DEPLOYS), Serdes.String(), serde)
                .withLoggingDisabled();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        deploys = context.getStateStore(StoreNames.MAIN_DEPLOYS);
    }

    @Override
    public void process(Record<String, DeploymentEvent> record) {
        DeploymentEvent deploy = record.value();
        if (deploy != null && deploy.getMainBranch()) {
            MainDeploys.record(deploys, deploy, retention);
        }
    }
}
