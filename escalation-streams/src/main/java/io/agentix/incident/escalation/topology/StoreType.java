package io.agentix.incident.escalation.topology;

import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Where the topology keeps its state. Both kinds have changelogs, iterate keys in the same (byte)
 * order and behave alike; they differ in what a restart costs and what starting costs.
 */
public enum StoreType {
    /**
     * RocksDB on the state directory: a restart on the same directory resumes at once, and state may
     * outgrow the heap. What the application runs.
     */
    PERSISTENT,
    /**
     * On the heap, restored from the changelogs at every start. For runs on {@code TopologyTestDriver}
     * (tests, the simulator), where opening a dozen RocksDB instances per run costs more than the run.
     */
    IN_MEMORY;

    KeyValueBytesStoreSupplier supplier(String name) {
        return this == PERSISTENT ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
}
