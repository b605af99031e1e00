package io.agentix.incident.registry;

import java.util.Objects;

import org.apache.avro.Schema;

/** One version of a subject: its global schema id, its version number within the subject, and the schema. */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        if (id < 0) {
            throw new IllegalArgumentException("subject '" + subject + "': schema id must not be negative, was " + id);
        }
        if (version < 1) {
            throw new IllegalArgumentException("subject '" + subject + "': version must be at least 1, was " + version);
        }
    }
}
