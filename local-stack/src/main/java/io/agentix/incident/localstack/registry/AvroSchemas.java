package io.agentix.incident.localstack.registry;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/** Parsing of schema text, with one error type for every way Avro can reject it. */
final class AvroSchemas {

    private AvroSchemas() {
    }

    /**
     * Parses {@code text} as a standalone Avro schema (defaults are validated). Throws
     * {@link IllegalArgumentException} with Avro's reason when it is not one.
     */
    static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the schema is empty");
        }
        try {
            // A fresh parser each time: a parser remembers the named types it has seen.
            return new Schema.Parser().parse(text);
        } catch (AvroRuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
