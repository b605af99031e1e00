package io.agentix.incident.service.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.glassfish.jersey.server.internal.LocalizationMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.agentix.incident.service.api.ErrorResponse;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Response;

class ErrorResponseExceptionMapperTest {

    private final ErrorResponseExceptionMapper mapper = new ErrorResponseExceptionMapper();
    private final Logger logger = (Logger) LoggerFactory.getLogger(ErrorResponseExceptionMapper.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(logged);
    }

    @Test
    void logsAnUnexpectedExceptionUnderTheCorrelationIdItAnswers() {
        IllegalStateException bug = new IllegalStateException("boom");

        Response response = mapper.toResponse(bug);

        ErrorResponse body = (ErrorResponse) response.getEntity();
        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(body.code()).isEqualTo(500);
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).contains(body.correlationId());
            assertThat(event.getThrowableProxy().getMessage()).isEqualTo("boom");
        });
    }

    @Test
    void givesEveryFailureItsOwnCorrelationId() {
        ErrorResponse first = (ErrorResponse) mapper.toResponse(new IllegalStateException()).getEntity();
        ErrorResponse second = (ErrorResponse) mapper.toResponse(new IllegalStateException()).getEntity();

        assertThat(first.correlationId()).isNotEqualTo(second.correlationId());
    }

    @Test
    void keepsTheStatusOfAClientErrorWithoutLoggingIt() {
        Response response = mapper.toResponse(new NotFoundException("no incident inc-9"));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getEntity()).isEqualTo(new ErrorResponse(404, "no incident inc-9", null));
        assertThat(logged.list).isEmpty();
    }

    @Test
    void answersAFormParamRequestWithoutAFormContentTypeWith415LikeDropwizardDoes() {
        ErrorResponseExceptionMapper.ForIllegalState forIllegalState = new ErrorResponseExceptionMapper.ForIllegalState(mapper);

        Response response = forIllegalState.toResponse(
                new IllegalStateException(LocalizationMessages.FORM_PARAM_CONTENT_TYPE_ERROR()));

        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(logged.list).isEmpty();
    }

    @Test
    void answersAnyOtherIllegalStateExceptionAsAnUnexpectedError() {
        ErrorResponseExceptionMapper.ForIllegalState forIllegalState = new ErrorResponseExceptionMapper.ForIllegalState(mapper);

        Response response = forIllegalState.toResponse(new IllegalStateException("incident store closed"));

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(((ErrorResponse) response.getEntity()).correlationId()).isNotNull();
    }

    @Test
    void keepsTheHeadersAndStatusOfAServerErrorAndLogsItsCorrelationId() {
        Response response = mapper.toResponse(new ServiceUnavailableException("Kafka is unavailable", 5L));

        ErrorResponse body = (ErrorResponse) response.getEntity();
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("5");
        assertThat(body.message()).isEqualTo("Kafka is unavailable");
        assertThat(logged.list).singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage()).contains(body.correlationId()));
    }
}
