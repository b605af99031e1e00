package io.agentix.incident.localstack.registry;

import java.util.Objects;

import org.apache.avro.Schema;

/**
 * One version of a subject: the schema registered under {@code subject} as {@code version}, with
 * its global {@code id}. {@code canonical} is the schema as Avro prints it after parsing; two
 * registrations are "the same schema" exactly when their canonical forms are equal, whatever the
 * whitespace or key order of what the client sent.
 */
record RegisteredSchema(String subject, int version, int id, Schema schema, boolean deleted) {

    RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        if (version < 1) {
            throw new IllegalArgumentException("subject " + subject + ": version must be at least 1, was " + version);
        }
        if (id < 1) {
            throw new IllegalArgumentException("subject " + subject + " version " + version + ": id must be at least 1, was " + id);
        }
    }

    String canonical() {
        return schema.toString();
    }

    RegisteredSchema asDeleted() {
        return new RegisteredSchema(subject, version, id, schema, true);
    }
}
