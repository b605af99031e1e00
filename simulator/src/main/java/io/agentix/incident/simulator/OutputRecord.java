package io.agentix.incident.simulator;

import java.time.Instant;
import java.util.Objects;

import org.apache.avro.specific.SpecificRecord;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agentix.incident.json.AvroJson;

/**
 * One record the topology wrote to an output topic.
 *
 * @param at the record's timestamp: the moment the engine decided it
 * @param topic the topic's name
 * @param key the record key (the incident id)
 * @param value the deserialized value
 */
public record OutputRecord(Instant at, String topic, String key, SpecificRecord value) {

    public OutputRecord {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(topic, "topic");
    }

    /** {@code {"at": ISO, "topic": name, "key": str, "value": {...}}}, the value in {@link AvroJson}'s readable form. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("at", at.toString());
        json.put("topic", topic);
        json.put("key", key);
        if (value == null) {
            json.putNull("value");
        } else {
            json.set("value", AvroJson.toJson(value));
        }
        return json;
    }
}
