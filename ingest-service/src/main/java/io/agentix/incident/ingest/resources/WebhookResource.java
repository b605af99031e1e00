package io.agentix.incident.ingest.resources;

import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

import io.agentix.incident.ingest.core.Source;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The webhook endpoints. Each maps its URL to a {@link WebhookEndpoint} and hands the request to
 * the {@link WebhookIntake}; the answer is asynchronous, written once Kafka has acknowledged.
 *
 * <p>The body is taken as a stream, not as JSON: the signature covers the exact bytes, and the
 * Content-Type is checked by the intake so that a wrong one still gets a JSON 415 and is kept.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public final class WebhookResource {

    private final WebhookIntake intake;
    private final WebhookEndpoint sentry;
    private final WebhookEndpoint sentryLegacy;
    private final WebhookEndpoint betterstack;
    private final WebhookEndpoint railway;
    private final WebhookEndpoint alertmanagerToken;
    private final WebhookEndpoint alertmanagerBearer;
    private final WebhookEndpoint github;
    private final WebhookEndpoint reports;

    public WebhookResource(WebhookIntake intake, WebhookAuthenticators authenticators) {
        this.intake = Objects.requireNonNull(intake, "intake");
        Objects.requireNonNull(authenticators, "authenticators");
        this.sentry = new WebhookEndpoint(Source.SENTRY, "/webhooks/sentry", authenticators.sentry());
        this.sentryLegacy = new WebhookEndpoint(Source.SENTRY, "/webhooks/sentry/***", authenticators.sentryLegacy());
        this.betterstack = new WebhookEndpoint(Source.BETTERSTACK, "/webhooks/betterstack/***", authenticators.betterstack());
        this.railway = new WebhookEndpoint(Source.RAILWAY, "/webhooks/railway/***", authenticators.railway());
        this.alertmanagerToken = new WebhookEndpoint(Source.ALERTMANAGER, "/webhooks/alertmanager/***",
                authenticators.alertmanager());
        this.alertmanagerBearer = new WebhookEndpoint(Source.ALERTMANAGER, "/webhooks/alertmanager",
                authenticators.alertmanager());
        this.github = new WebhookEndpoint(Source.GITHUB, "/webhooks/github", authenticators.github());
        this.reports = new WebhookEndpoint(Source.REPORT, "/reports", authenticators.reports());
    }

    /** Sentry integration platform: {@code Sentry-Hook-Signature} over the body. */
    @POST
    @Path("webhooks/sentry")
    public CompletionStage<Response> sentry(@Context HttpHeaders headers, @Context HttpServletRequest request,
                                            InputStream body) {
        return intake.receive(sentry, null, headers, request, body);
    }

    /** Sentry's legacy WebHooks plugin, which cannot sign: a secret URL token. */
    @POST
    @Path("webhooks/sentry/{token}")
    public CompletionStage<Response> sentryLegacy(@PathParam("token") String token, @Context HttpHeaders headers,
                                                  @Context HttpServletRequest request, InputStream body) {
        return intake.receive(sentryLegacy, token, headers, request, body);
    }

    @POST
    @Path("webhooks/betterstack/{token}")
    public CompletionStage<Response> betterstack(@PathParam("token") String token, @Context HttpHeaders headers,
                                                 @Context HttpServletRequest request, InputStream body) {
        return intake.receive(betterstack, token, headers, request, body);
    }

    @POST
    @Path("webhooks/railway/{token}")
    public CompletionStage<Response> railway(@PathParam("token") String token, @Context HttpHeaders headers,
                                             @Context HttpServletRequest request, InputStream body) {
        return intake.receive(railway, token, headers, request, body);
    }

    @POST
    @Path("webhooks/alertmanager/{token}")
    public CompletionStage<Response> alertmanagerWithUrlToken(@PathParam("token") String token,
                                                              @Context HttpHeaders headers,
                                                              @Context HttpServletRequest request, InputStream body) {
        return intake.receive(alertmanagerToken, token, headers, request, body);
    }

    /** Alertmanager's {@code http_config.authorization} sends {@code Authorization: Bearer <token>}. */
    @POST
    @Path("webhooks/alertmanager")
    public CompletionStage<Response> alertmanagerWithBearer(@Context HttpHeaders headers,
                                                            @Context HttpServletRequest request, InputStream body) {
        return intake.receive(alertmanagerBearer, null, headers, request, body);
    }

    /** GitHub: {@code X-Hub-Signature-256} over the body. */
    @POST
    @Path("webhooks/github")
    public CompletionStage<Response> github(@Context HttpHeaders headers, @Context HttpServletRequest request,
                                            InputStream body) {
        return intake.receive(github, null, headers, request, body);
    }

    /** User reports and manual declarations, with a bearer API token. */
    @POST
    @Path("reports")
    public CompletionStage<Response> reports(@Context HttpHeaders headers, @Context HttpServletRequest request,
                                             InputStream body) {
        return intake.receive(reports, null, headers, request, body);
    }
}
