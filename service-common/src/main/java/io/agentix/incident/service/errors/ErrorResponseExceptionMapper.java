package io.agentix.incident.service.errors;

import java.util.Objects;
import java.util.UUID;

import org.glassfish.jersey.server.internal.LocalizationMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.agentix.incident.service.api.ErrorResponse;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers every exception that no more specific mapper handles with an {@link ErrorResponse}.
 *
 * <p>A {@link WebApplicationException} keeps its status and message: it is an answer a resource
 * chose. Anything else is a bug or an outage: the caller gets a 500 with a fresh correlation id and
 * a message that gives nothing away, and the log gets the same id with the stack trace. Server
 * errors raised as {@code WebApplicationException} are logged with an id too.
 *
 * <p>Register it with {@link #registerWith(JerseyEnvironment)}: user-registered mappers take
 * precedence over Dropwizard's defaults of the same exception type, but Jersey picks the mapper of
 * the closest type first, so Dropwizard's {@code IllegalStateExceptionMapper} would still answer
 * an {@link IllegalStateException} (a common bug) in its own format; {@link ForIllegalState} takes
 * that over. Dropwizard's mappers for invalid JSON and constraint violations still apply: those
 * are client errors with their own useful bodies.
 */
@Provider
public final class ErrorResponseExceptionMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponseExceptionMapper.class);

    /** Registers this mapper and {@link ForIllegalState} with the application's Jersey environment. */
    public static void registerWith(JerseyEnvironment jersey) {
        ErrorResponseExceptionMapper mapper = new ErrorResponseExceptionMapper();
        jersey.register(mapper);
        jersey.register(new ForIllegalState(mapper));
    }

    @Override
    public Response toResponse(Throwable exception) {
        if (exception instanceof WebApplicationException webException) {
            return answer(webException);
        }
        String correlationId = UUID.randomUUID().toString();
        LOG.error("Unexpected error answered with 500, correlationId={}", correlationId, exception);
        return json(Response.Status.INTERNAL_SERVER_ERROR.getStatusCode(), new ErrorResponse(
                Response.Status.INTERNAL_SERVER_ERROR.getStatusCode(),
                "There was an error processing your request; it was logged with correlation id " + correlationId,
                correlationId));
    }

    private Response answer(WebApplicationException exception) {
        Response chosen = exception.getResponse();
        int status = chosen.getStatus();
        String correlationId = null;
        if (chosen.getStatusInfo().getFamily() == Response.Status.Family.SERVER_ERROR) {
            correlationId = UUID.randomUUID().toString();
            LOG.error("Request answered with {}, correlationId={}", status, correlationId, exception);
        }
        Response.ResponseBuilder answer = Response.fromResponse(chosen)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(status, exception.getMessage(), correlationId));
        return answer.build();
    }

    /**
     * Answers {@link IllegalStateException}s like any other exception, except the one Jersey raises
     * for a {@code @FormParam} request without a form content type, which is the client's 415 (the
     * rule Dropwizard's own {@code IllegalStateExceptionMapper} applies).
     */
    @Provider
    public static final class ForIllegalState implements ExceptionMapper<IllegalStateException> {

        private final ErrorResponseExceptionMapper delegate;

        public ForIllegalState(ErrorResponseExceptionMapper delegate) {
            this.delegate = Objects.requireNonNull(delegate, "delegate");
        }

        @Override
        public Response toResponse(IllegalStateException exception) {
            if (LocalizationMessages.FORM_PARAM_CONTENT_TYPE_ERROR().equals(exception.getMessage())) {
                return delegate.toResponse(new NotSupportedException(exception));
            }
            return delegate.toResponse(exception);
        }
    }

    private static Response json(int status, ErrorResponse body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
