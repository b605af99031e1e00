package io.agentix.incident.escalation.topology;

import java.util.function.BiPredicate;

import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** One namespace of the shared index store ({@link IndexKeys}): keys are given and returned without it. */
final class IndexSpace {

    private static final StringSerializer PREFIX_SERIALIZER = new StringSerializer();

    private final KeyValueStore<String, String> store;
    private final String namespace;

    IndexSpace(KeyValueStore<String, String> store, String namespace) {
        this.store = store;
        this.namespace = namespace;
    }

    String get(String key) {
        return store.get(namespace + key);
    }

    void put(String key, String value) {
        store.put(namespace + key, value);
    }

    void delete(String key) {
        store.delete(namespace + key);
    }

    /**
     * Visits the entries whose key starts with {@code keyPrefix}, in key order, until {@code visitor}
     * returns false.
     */
    void scan(String keyPrefix, BiPredicate<String, String> visitor) {
        try (KeyValueIterator<String, String> it = store.prefixScan(namespace + keyPrefix, PREFIX_SERIALIZER)) {
            while (it.hasNext()) {
                KeyValue<String, String> next = it.next();
                if (!visitor.test(next.key.substring(namespace.length()), next.value)) {
                    return;
                }
            }
        }
    }
}
