package io.agentix.incident.topics;

import java.util.Objects;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A topic with everything needed to read and write it: its physical name and the serdes of its
 * keys and values. Built once from configuration ({@link TopicSpecs}) and passed to whatever
 * produces, consumes or builds a topology, so nobody hard-codes a name or picks a serde on its own.
 *
 * @param <K> key type
 * @param <V> value type
 */
public record TopicSpec<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        Objects.requireNonNull(keySerde, "keySerde of topic " + name);
        Objects.requireNonNull(valueSerde, "valueSerde of topic " + name);
    }

    public Serializer<K> keySerializer() {
        return keySerde.serializer();
    }

    public Deserializer<K> keyDeserializer() {
        return keySerde.deserializer();
    }

    public Serializer<V> valueSerializer() {
        return valueSerde.serializer();
    }

    public Deserializer<V> valueDeserializer() {
        return valueSerde.deserializer();
    }
}
