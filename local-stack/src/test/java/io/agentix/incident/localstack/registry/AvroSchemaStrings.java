package io.agentix.incident.localstack.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Test data: Avro record schemas as the JSON strings clients send.
 * {@code aRecord("Alert").withField("id", "string").withOptionalString("note").json()}.
 */
final class AvroSchemaStrings {

    private final String name;
    private final List<String> fields = new ArrayList<>();

    private AvroSchemaStrings(String name) {
        this.name = name;
    }

    static AvroSchemaStrings aRecord(String name) {
        return new AvroSchemaStrings(name);
    }

    /** A required field of a primitive type. */
    AvroSchemaStrings withField(String field, String type) {
        fields.add("{\"name\":\"" + field + "\",\"type\":\"" + type + "\"}");
        return this;
    }

    /** A string field that old data can lack, read as {@code defaultValue} then. */
    AvroSchemaStrings withString(String field, String defaultValue) {
        fields.add("{\"name\":\"" + field + "\",\"type\":\"string\",\"default\":\"" + defaultValue + "\"}");
        return this;
    }

    /** A field that old data can lack: a nullable string defaulting to null. */
    AvroSchemaStrings withOptionalString(String field) {
        fields.add("{\"name\":\"" + field + "\",\"type\":[\"null\",\"string\"],\"default\":null}");
        return this;
    }

    /** The schema in compact JSON. */
    String json() {
        return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"io.agentix.test\",\"fields\":["
                + String.join(",", fields) + "]}";
    }

    /** The same schema written differently: keys reordered, spaced and on several lines. */
    String reformatted() {
        return "{\n  \"fields\" : [\n    " + String.join(",\n    ", fields).replace(":", " : ")
                + "\n  ],\n  \"namespace\" : \"io.agentix.test\",\n  \"name\" : \"" + name + "\",\n  \"type\" : \"record\"\n}";
    }
}
