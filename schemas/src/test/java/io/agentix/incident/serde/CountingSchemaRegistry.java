package io.agentix.incident.serde;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.avro.Schema;

import io.agentix.incident.registry.RegisteredSchema;
import io.agentix.incident.registry.SchemaRegistryClient;

/** Counts the calls that reach a registry, to prove the serde stops asking after warm-up. */
final class CountingSchemaRegistry implements SchemaRegistryClient {

    private final SchemaRegistryClient delegate;
    private final AtomicInteger calls = new AtomicInteger();

    CountingSchemaRegistry(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public int register(String subject, Schema schema) {
        calls.incrementAndGet();
        return delegate.register(subject, schema);
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        calls.incrementAndGet();
        return delegate.lookup(subject, schema);
    }

    @Override
    public Schema getById(int id) {
        calls.incrementAndGet();
        return delegate.getById(id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        calls.incrementAndGet();
        return delegate.latest(subject);
    }

    @Override
    public String target() {
        return delegate.target();
    }
}
