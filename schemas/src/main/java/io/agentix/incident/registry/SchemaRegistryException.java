package io.agentix.incident.registry;

/**
 * A schema registry answered with an error, or could not be reached.
 *
 * <p>Carries the HTTP status (0 when no response arrived) and the Confluent error code from the
 * response body ({@code {"error_code":40401,"message":...}}; the HTTP status when the body has
 * none). The message names the registry and the subject or schema id, e.g.
 * {@code schema registry http://localhost:8081: subject 'alerts-value' not found (40401)}.
 */
public class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The subject has no versions. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** The subject has no such version. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** No schema with that id, or the schema is not registered under the subject. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** The schema breaks the subject's compatibility rule. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** The schema is not valid. */
    public static final int INVALID_SCHEMA = 42201;
    /** No HTTP response: connection refused, timed out, interrupted. */
    public static final int NO_RESPONSE = 0;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /**
     * Builds the exception for an error answer, with a message that says in words what went wrong.
     *
     * @param target the registry URL (without credentials) or mock scope
     * @param action what was attempted, for codes without a specific text, e.g. "fetch schema id 7"
     * @param subject the subject involved, or null
     * @param schemaId the schema id involved, or null
     */
    public static SchemaRegistryException fromResponse(String target, int httpStatus, int errorCode, String serverMessage,
                                                       String action, String subject, Integer schemaId) {
        String problem = switch (errorCode) {
            case SUBJECT_NOT_FOUND -> "subject '" + subject + "' not found";
            case VERSION_NOT_FOUND -> "version not found in subject '" + subject + "'";
            case SCHEMA_NOT_FOUND -> schemaId != null
                    ? "schema id " + schemaId + " not found"
                    : "schema not registered under subject '" + subject + "'";
            case INCOMPATIBLE_SCHEMA -> "schema is incompatible with the versions of subject '" + subject + "': " + serverMessage;
            case INVALID_SCHEMA -> "invalid schema for subject '" + subject + "': " + serverMessage;
            default -> "cannot " + action + ": HTTP " + httpStatus + (serverMessage == null || serverMessage.isBlank() ? "" : ": " + serverMessage);
        };
        return new SchemaRegistryException("schema registry " + target + ": " + problem + " (" + errorCode + ")",
                httpStatus, errorCode, null);
    }

    /** HTTP status of the answer; {@link #NO_RESPONSE} when the registry could not be reached. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent error code, e.g. {@link #SUBJECT_NOT_FOUND}; the HTTP status when the answer had none. */
    public int errorCode() {
        return errorCode;
    }

    /** The subject, version or schema asked for does not exist. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /** The registry refused the schema itself: incompatible with the subject, or invalid. */
    public boolean isSchemaRejected() {
        return errorCode == INCOMPATIBLE_SCHEMA || errorCode == INVALID_SCHEMA || httpStatus == 409 || httpStatus == 422;
    }
}
