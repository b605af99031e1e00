package io.agentix.incident.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The JSON body of every error answer: the HTTP status, a message for the caller and, for server
 * errors, the id under which the failure was logged, so a caller's report can be found in the logs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(@JsonProperty("code") int code,
                            @JsonProperty("message") String message,
                            @JsonProperty("correlationId") String correlationId) {
}
