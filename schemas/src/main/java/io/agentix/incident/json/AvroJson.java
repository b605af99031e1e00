package io.agentix.incident.json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Avro records as plain, readable JSON for people and tools (the {@code normalize} CLI, the
 * simulator, the operator API): fields by name in schema order, unions unwrapped, timestamps as
 * ISO-8601 UTC strings, enums by name, bytes as UTF-8 text when they are valid UTF-8 (else base64).
 * Not Avro's JSON encoding, which wraps unions and is meant for machines.
 */
public final class AvroJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    public static ObjectNode toJson(IndexedRecord record) {
        ObjectNode json = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            json.set(field.name(), value(record.get(field.pos())));
        }
        return json;
    }

    private static JsonNode value(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof IndexedRecord record) {
            return toJson(record);
        }
        if (value instanceof CharSequence text) {
            return NODES.textNode(text.toString());
        }
        if (value instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        }
        if (value instanceof LocalDate date) {
            return NODES.textNode(date.toString());
        }
        if (value instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        }
        if (value instanceof GenericEnumSymbol<?> symbol) {
            return NODES.textNode(symbol.toString());
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Float f) {
            return NODES.numberNode(f);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof ByteBuffer bytes) {
            return NODES.textNode(bytesAsText(bytes.duplicate()));
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(value(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            new java.util.TreeMap<>(map).forEach((k, v) -> object.set(String.valueOf(k), value(v)));
            return object;
        }
        return NODES.textNode(value.toString());
    }

    private static String bytesAsText(ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes.duplicate()).toString();
        } catch (CharacterCodingException e) {
            byte[] raw = new byte[bytes.remaining()];
            bytes.duplicate().get(raw);
            return "base64:" + Base64.getEncoder().encodeToString(raw);
        }
    }
}
