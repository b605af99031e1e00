package io.agentix.incident.localstack.registry;

/**
 * Appends one record to the schemas topic and returns once the registry's state reflects it; a
 * null value is a tombstone. {@link KafkaSchemaStore#write} in production, a direct state update
 * in unit tests.
 */
@FunctionalInterface
interface StoreWriter {

    /** Throws {@link RegistryException} (50002) when the store cannot take the record. */
    void write(byte[] key, byte[] value);
}
