package io.agentix.incident.localstack.registry;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.avro.Schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agentix.incident.registry.CompatibilityLevel;

/**
 * The records of the schemas topic, in Confluent Schema Registry's own layout so that the topic
 * reads the same to people and tools that know Confluent's {@code _schemas}:
 *
 * <pre>
 * {"keytype":"SCHEMA","subject":"s","version":1,"magic":1} -> {"subject":"s","version":1,"id":1,"schema":"...","deleted":false}
 * {"keytype":"CONFIG","subject":null,"magic":0}           -> {"compatibilityLevel":"FULL"}   (null subject: the global level)
 * </pre>
 *
 * A null value (tombstone) removes the key. Other key types Confluent writes (NOOP, MODE,
 * DELETE_SUBJECT, ...) carry nothing this registry needs and decode to {@link Ignored}.
 */
final class StoreRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreRecords() {
    }

    /** What one record of the topic means for the registry's state. */
    sealed interface Update permits SchemaUpdate, UnsupportedSchema, ConfigUpdate, Ignored {
    }

    /** A version was written ({@code registered} set) or removed by a tombstone ({@code registered} null). */
    record SchemaUpdate(String subject, int version, RegisteredSchema registered) implements Update {
    }

    /**
     * A version holding a schema this registry cannot serve (JSON, PROTOBUF, or Avro it cannot
     * parse), written by a Confluent registry; its id must still never be handed out again.
     */
    record UnsupportedSchema(String subject, int version, int id, String schemaType) implements Update {
    }

    /** A compatibility level was set, or cleared when {@code level} is null; a null subject is the global level. */
    record ConfigUpdate(String subject, CompatibilityLevel level) implements Update {
    }

    /** A record of a kind this registry does not use; {@code keyType} says which. */
    record Ignored(String keyType) implements Update {
    }

    static byte[] schemaKey(String subject, int version) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "SCHEMA");
        key.put("subject", subject);
        key.put("version", version);
        key.put("magic", 1);
        return bytes(key);
    }

    static byte[] schemaValue(RegisteredSchema registered) {
        ObjectNode value = JSON.createObjectNode();
        value.put("subject", registered.subject());
        value.put("version", registered.version());
        value.put("id", registered.id());
        value.put("schema", registered.canonical());
        value.put("deleted", registered.deleted());
        return bytes(value);
    }

    static byte[] configKey(String subjectOrNull) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "CONFIG");
        key.put("subject", subjectOrNull);
        key.put("magic", 0);
        return bytes(key);
    }

    static byte[] configValue(CompatibilityLevel level) {
        ObjectNode value = JSON.createObjectNode();
        value.put("compatibilityLevel", level.name());
        return bytes(value);
    }

    /**
     * Decodes one record; throws {@link IllegalArgumentException} naming the problem when the key or
     * value is not what its key type promises.
     */
    static Update decode(byte[] key, byte[] value) {
        JsonNode keyNode = tree(key, "key");
        String keyType = keyNode.path("keytype").asText("");
        switch (keyType) {
            case "SCHEMA":
                return decodeSchema(keyNode, value);
            case "CONFIG":
                return decodeConfig(keyNode, value);
            default:
                return new Ignored(keyType);
        }
    }

    private static Update decodeSchema(JsonNode keyNode, byte[] value) {
        String subject = requiredText(keyNode, "subject", "key");
        int version = requiredInt(keyNode, "version", "key");
        if (value == null) {
            return new SchemaUpdate(subject, version, null);
        }
        JsonNode valueNode = tree(value, "value");
        int id = requiredInt(valueNode, "id", "value");
        String schemaType = valueNode.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(schemaType)) {
            return new UnsupportedSchema(subject, version, id, schemaType);
        }
        Schema schema;
        try {
            schema = AvroSchemas.parse(requiredText(valueNode, "schema", "value"));
        } catch (IllegalArgumentException e) {
            return new UnsupportedSchema(subject, version, id, "unparseable AVRO (" + e.getMessage() + ")");
        }
        boolean deleted = valueNode.path("deleted").asBoolean(false);
        return new SchemaUpdate(subject, version, new RegisteredSchema(subject, version, id, schema, deleted));
    }

    private static ConfigUpdate decodeConfig(JsonNode keyNode, byte[] value) {
        JsonNode subjectNode = keyNode.path("subject");
        String subject = subjectNode.isTextual() ? subjectNode.asText() : null;
        if (value == null) {
            return new ConfigUpdate(subject, null);
        }
        JsonNode level = tree(value, "value").path("compatibilityLevel");
        // Newer Confluent versions write configs that only set other options (alias, normalize).
        return new ConfigUpdate(subject, level.isTextual() ? CompatibilityLevel.parse(level.asText()) : null);
    }

    private static JsonNode tree(byte[] bytes, String what) {
        if (bytes == null) {
            throw new IllegalArgumentException("the record has no " + what);
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the record's " + what + " is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the record's " + what + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the record's " + what, e);
        }
    }

    private static String requiredText(JsonNode node, String field, String what) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("the record's " + what + " has no text field \"" + field + "\"");
        }
        return value.asText();
    }

    private static int requiredInt(JsonNode node, String field, String what) {
        JsonNode value = node.path(field);
        if (!value.isInt()) {
            throw new IllegalArgumentException("the record's " + what + " has no integer field \"" + field + "\"");
        }
        return value.asInt();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write " + node, e);
        }
    }
}
