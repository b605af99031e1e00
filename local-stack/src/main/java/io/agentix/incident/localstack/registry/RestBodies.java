package io.agentix.incident.localstack.registry;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON bodies the REST API answers with, named and shaped as Confluent Schema Registry's. */
final class RestBodies {

    private RestBodies() {
    }

    record Id(int id) {
    }

    record SchemaString(String schema) {
    }

    record SubjectVersion(String subject, int version) {
    }

    record Version(String subject, int version, int id, String schema) {

        static Version of(RegisteredSchema registered) {
            return new Version(registered.subject(), registered.version(), registered.id(), registered.canonical());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Compatibility(@JsonProperty("is_compatible") boolean isCompatible, List<String> messages) {
    }

    record Config(String compatibilityLevel) {
    }

    record ConfigUpdate(String compatibility) {
    }

    record Mode(String mode) {
    }

    record Error(@JsonProperty("error_code") int errorCode, String message) {
    }

    /** A body that is already JSON (a schema as it is stored), sent as it is. */
    record RawJson(String json) {
    }
}
