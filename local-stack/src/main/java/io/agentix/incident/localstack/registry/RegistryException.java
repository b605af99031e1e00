package io.agentix.incident.localstack.registry;

import java.util.List;

import io.agentix.incident.registry.CompatibilityLevel;

/**
 * A failed registry operation, carrying the HTTP status and the Confluent error code that the
 * REST API answers with. Confluent clients branch on the error code, so the codes and their
 * meaning follow Confluent's {@code Errors} class.
 */
final class RegistryException extends RuntimeException {

    static final int SUBJECT_NOT_FOUND = 40401;
    static final int VERSION_NOT_FOUND = 40402;
    static final int SCHEMA_NOT_FOUND = 40403;
    static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    static final int INCOMPATIBLE_SCHEMA = 409;
    static final int INVALID_SCHEMA = 42201;
    static final int INVALID_VERSION = 42202;
    static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    static final int INTERNAL_ERROR = 50001;
    static final int STORE_UNAVAILABLE = 50002;

    private final int httpStatus;
    private final int errorCode;

    RegistryException(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    RegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    int errorCode() {
        return errorCode;
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(String subject, int version) {
        return new RegistryException(404, VERSION_NOT_FOUND, "Version " + version + " not found in subject '" + subject + "'.");
    }

    static RegistryException schemaNotFound(int id) {
        return new RegistryException(404, SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }

    static RegistryException schemaNotInSubject(String subject) {
        return new RegistryException(404, SCHEMA_NOT_FOUND, "Schema not found in subject '" + subject + "'");
    }

    static RegistryException subjectCompatibilityNotConfigured(String subject) {
        return new RegistryException(404, SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }

    static RegistryException incompatible(String subject, CompatibilityLevel level, List<String> problems) {
        return new RegistryException(409, INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible with an earlier schema for subject \""
                + subject + "\", details: " + problems + " (compatibility level " + level + ")");
    }

    static RegistryException invalidSchema(String detail) {
        return new RegistryException(422, INVALID_SCHEMA, "Invalid schema: " + detail);
    }

    static RegistryException invalidVersion(String version) {
        return new RegistryException(422, INVALID_VERSION, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryException invalidCompatibilityLevel(String level) {
        return new RegistryException(422, INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level '" + level
                + "'. Valid values are " + List.of(CompatibilityLevel.values()));
    }

    static RegistryException storeUnavailable(String detail, Throwable cause) {
        return new RegistryException(500, STORE_UNAVAILABLE, detail, cause);
    }

    /** Errors of the HTTP layer itself (unknown route, wrong method, malformed body): the code is the status. */
    static RegistryException http(int status, String message) {
        return new RegistryException(status, status, message);
    }
}
