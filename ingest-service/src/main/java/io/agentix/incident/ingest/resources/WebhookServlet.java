package io.agentix.incident.ingest.resources;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectWriter;

import io.agentix.incident.ingest.core.Source;
import io.agentix.incident.service.api.ErrorResponse;
import io.agentix.incident.service.errors.ErrorResponseExceptionMapper;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;

/**
 * The webhook endpoints, as a plain asynchronous servlet on the application's Jetty: each URL maps
 * to a {@link WebhookEndpoint}, the request goes to the {@link WebhookIntake}, and once Kafka has
 * acknowledged, the answer is handed to the container ({@link AsyncContext#start(Runnable)}) and
 * written on one of Jetty's threads, never on the producer's I/O thread. Not with
 * {@code AsyncContext.dispatch()}: that runs the request through the filters and the servlet once
 * more and carries the answer in a request attribute, which cost more than writing the answer.
 *
 * <p>Served outside Jersey because Jersey's per-request work (routing, the request and response
 * contexts, entity providers) cost as much CPU as the whole delivery's verification and
 * normalization. The answers are those the Jersey resource gave: JSON bodies, and for a method other
 * than POST or an unknown path under {@code /webhooks/}, the service's JSON 405 or 404; a failure is
 * answered by the service's {@link ErrorResponseExceptionMapper}, so a bug still gets a 500 with a
 * logged correlation id.
 *
 * <p>The body is read as bytes, not as JSON: the signature covers the exact bytes, and the
 * Content-Type is checked by the intake so that a wrong one still gets a JSON 415 and is kept.
 * Mapped to {@code /webhooks/*} and {@code /reports} ({@link #MAPPINGS}).
 */
public final class WebhookServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The servlet mappings this servlet serves; more specific than Jersey's {@code /*}. */
    public static final List<String> MAPPINGS = List.of("/webhooks/*", "/reports");

    private static final Logger LOG = LoggerFactory.getLogger(WebhookServlet.class);
    private static final String ALLOWED = "POST,OPTIONS";

    private final transient WebhookIntake intake;
    private final transient ObjectWriter json;
    private final transient ErrorResponseExceptionMapper errors = new ErrorResponseExceptionMapper();
    private final transient Map<String, WebhookEndpoint> endpoints;
    private final transient Map<String, WebhookEndpoint> tokenEndpoints;

    /**
     * @param json writes the answers' entities (the application's object mapper, as Jersey used)
     */
    public WebhookServlet(WebhookIntake intake, WebhookAuthenticators authenticators, ObjectWriter json) {
        this.intake = Objects.requireNonNull(intake, "intake");
        this.json = Objects.requireNonNull(json, "json");
        Objects.requireNonNull(authenticators, "authenticators");
        WebhookEndpoint alertmanagerBearer = new WebhookEndpoint(Source.ALERTMANAGER, "/webhooks/alertmanager",
                authenticators.alertmanager());
        // Sentry integration platform: Sentry-Hook-Signature over the body. GitHub: X-Hub-Signature-256.
        // Alertmanager's http_config.authorization sends Authorization: Bearer <token>. Reports: bearer API token.
        this.endpoints = Map.of(
                "/webhooks/sentry", new WebhookEndpoint(Source.SENTRY, "/webhooks/sentry", authenticators.sentry()),
                "/webhooks/alertmanager", alertmanagerBearer,
                "/webhooks/github", new WebhookEndpoint(Source.GITHUB, "/webhooks/github", authenticators.github()),
                "/reports", new WebhookEndpoint(Source.REPORT, "/reports", authenticators.reports()));
        // A secret URL token as the last path segment. Sentry's legacy WebHooks plugin cannot sign.
        this.tokenEndpoints = Map.of(
                "/webhooks/sentry/", new WebhookEndpoint(Source.SENTRY, "/webhooks/sentry/***", authenticators.sentryLegacy()),
                "/webhooks/betterstack/", new WebhookEndpoint(Source.BETTERSTACK, "/webhooks/betterstack/***",
                        authenticators.betterstack()),
                "/webhooks/railway/", new WebhookEndpoint(Source.RAILWAY, "/webhooks/railway/***", authenticators.railway()),
                "/webhooks/alertmanager/", new WebhookEndpoint(Source.ALERTMANAGER, "/webhooks/alertmanager/***",
                        authenticators.alertmanager()));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? request.getServletPath()
                : request.getServletPath() + request.getPathInfo();
        WebhookEndpoint endpoint = endpoints.get(path);
        String token = null;
        if (endpoint == null) {
            int slash = path.lastIndexOf('/');
            endpoint = tokenEndpoints.get(path.substring(0, slash + 1));
            token = path.substring(slash + 1);
            if (token.isEmpty()) {
                endpoint = null;
            }
        }
        // The body of a request refused here is not read: like the 401 before the body, these answers
        // close the connection, so a client does not send its next request on one about to be dropped.
        if (endpoint == null) {
            write(response, new WebhookAnswer(404, new ErrorResponse(404, "HTTP 404 Not Found", null),
                    Map.of("Connection", "close")));
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            if ("OPTIONS".equals(request.getMethod())) {
                response.setHeader("Allow", ALLOWED);
                response.setStatus(200);
                return;
            }
            write(response, new WebhookAnswer(405, new ErrorResponse(405, "HTTP 405 Method Not Allowed", null),
                    Map.of("Allow", ALLOWED, "Connection", "close")));
            return;
        }
        CompletableFuture<WebhookAnswer> answer;
        try {
            answer = intake.receive(endpoint, token, request).toCompletableFuture();
        } catch (RuntimeException e) {
            write(response, mapped(e));
            return;
        }
        if (answer.isDone()) {
            // A 401 is known at once: no async context for it.
            write(response, outcome(answer));
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(0); // the intake's answer comes within the ack timeout
        answer.whenComplete((done, failure) -> async.start(() -> answerLater(async, failure == null ? done : mapped(failure))));
    }

    /** Writes the answer of an asynchronous request on a container thread and completes the exchange. */
    private void answerLater(AsyncContext async, WebhookAnswer answer) {
        HttpServletResponse response = (HttpServletResponse) async.getResponse();
        try {
            try {
                write(response, answer);
            } catch (RuntimeException e) {
                if (response.isCommitted()) {
                    throw e;
                }
                response.reset();
                write(response, mapped(e)); // a bug: the mapper logs it and answers 500 with its id
            }
        } catch (IOException e) {
            // The sender went away before its answer; its records are on Kafka all the same.
            LOG.debug("could not answer {}: {}", ((HttpServletRequest) async.getRequest()).getRequestURI(), e.toString());
        } finally {
            async.complete();
        }
    }

    private WebhookAnswer outcome(CompletableFuture<WebhookAnswer> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            return mapped(e);
        }
    }

    /** What the service's exception mapper answers to {@code failure}. */
    private WebhookAnswer mapped(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        Response mapped = errors.toResponse(cause);
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        mapped.getStringHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        headers.remove("Content-Type");
        return new WebhookAnswer(mapped.getStatus(), mapped.getEntity(), headers);
    }

    private void write(HttpServletResponse response, WebhookAnswer answer) throws IOException {
        byte[] body = json.writeValueAsBytes(answer.entity());
        response.setStatus(answer.status());
        answer.headers().forEach(response::setHeader);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
