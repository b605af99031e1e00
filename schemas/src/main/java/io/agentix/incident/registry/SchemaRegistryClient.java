package io.agentix.incident.registry;

import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that the wire-format serde needs.
 *
 * <p>Implementations cache whatever never changes (an id always names the same schema, a
 * registered schema keeps its id), so that after the first record of each type a serializer or
 * deserializer does no I/O. Every failure is a {@link SchemaRegistryException} carrying the HTTP
 * status and Confluent error code, with a message that names the registry and the subject or id.
 *
 * <p>Instances are thread-safe.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject}, or finds it if it is already registered there,
     * and returns its global id ({@code POST /subjects/{subject}/versions}).
     *
     * @throws SchemaRegistryException with error code {@link SchemaRegistryException#INCOMPATIBLE_SCHEMA}
     *     when the subject's compatibility rule rejects the schema
     */
    int register(String subject, Schema schema);

    /**
     * Finds {@code schema} among the versions of {@code subject} without registering it
     * ({@code POST /subjects/{subject}}).
     *
     * @throws SchemaRegistryException with error code {@link SchemaRegistryException#SUBJECT_NOT_FOUND}
     *     or {@link SchemaRegistryException#SCHEMA_NOT_FOUND} when it is not registered there
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * The schema with the global id {@code id} ({@code GET /schemas/ids/{id}}).
     *
     * @throws SchemaRegistryException with error code {@link SchemaRegistryException#SCHEMA_NOT_FOUND}
     *     when no schema has that id
     */
    Schema getById(int id);

    /**
     * The latest version of {@code subject} ({@code GET /subjects/{subject}/versions/latest}). Not
     * cached: a new version may be registered at any time, callers decide how long to keep it.
     *
     * @throws SchemaRegistryException with error code {@link SchemaRegistryException#SUBJECT_NOT_FOUND}
     *     when the subject has no versions
     */
    RegisteredSchema latest(String subject);

    /** Where this client points, for messages: the registry URL(s), or {@code mock://<scope>}. */
    String target();
}
