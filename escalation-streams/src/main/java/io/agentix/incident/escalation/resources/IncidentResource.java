package io.agentix.incident.escalation.resources;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agentix.incident.escalation.api.AcceptedCommand;
import io.agentix.incident.escalation.api.CommandRequest;
import io.agentix.incident.escalation.api.IncidentFilter;
import io.agentix.incident.escalation.api.IncidentSummary;
import io.agentix.incident.escalation.api.InvalidRequestException;
import io.agentix.incident.escalation.api.OperatorCommands;
import io.agentix.incident.escalation.core.CommandRejection;
import io.agentix.incident.escalation.core.IncidentEngine;
import io.agentix.incident.escalation.core.PostmortemDrafts;
import io.agentix.incident.escalation.kafka.CommandPublisher;
import io.agentix.incident.escalation.kafka.IncidentStoreQueries;
import io.agentix.incident.escalation.kafka.IncidentStoreQueries.Placement;
import io.agentix.incident.escalation.kafka.StoreUnavailableException;
import io.agentix.incident.escalation.resources.PeerInstances.PeerUnavailableException;
import io.agentix.incident.events.CommandAction;
import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentCommand;
import io.agentix.incident.events.Notification;
import io.agentix.incident.events.TimelineEntry;
import io.agentix.incident.json.AvroJson;
import io.agentix.incident.registry.SchemaRegistryException;
import io.agentix.incident.service.api.ErrorResponse;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

/**
 * The operator API: incidents read from the engine's state stores (interactive queries), and
 * commands published to {@code incident-commands}.
 *
 * <table>
 *   <caption>endpoints</caption>
 *   <tr><td>GET /incidents?status=&amp;severity=&amp;limit=</td><td>summaries, newest first, from every instance</td></tr>
 *   <tr><td>GET /incidents/{id}</td><td>the incident, its {@code timeline} and the {@code notifications} sent</td></tr>
 *   <tr><td>GET /incidents/{id}/postmortem</td><td>the post-mortem draft (text/markdown) of a resolved P1/P2</td></tr>
 *   <tr><td>POST /incidents/{id}/{command}</td><td>202 once Kafka has the command; a refused one 404/409/400 once Kafka has it</td></tr>
 * </table>
 *
 * <p>A question about one incident is answered by the instance whose active task holds it: here
 * when that is this instance, else it is forwarded there ({@link PeerInstances}) and the answer
 * relayed. Answers: 400 a malformed body or query, 401 no valid token ({@link OperatorAuthFilter}),
 * 404 an unknown incident or command, 409 a command the incident's state does not allow, 413 a body
 * over {@value #MAX_BODY_BYTES} bytes, 503 with Retry-After while the stores are not queryable
 * (streams starting or rebalancing), another instance does not answer, or Kafka does not
 * acknowledge a command in time.
 *
 * <p>A command is checked with {@link IncidentEngine#check} against the incident as stored, the
 * same rule the engine applies when it takes the command from the topic. A refused one (404 unknown
 * incident, 409 not allowed in its state, 400 a field missing) is still published, with
 * {@code rejection} set to the answer's reason, and answered once Kafka has it: the engine records it
 * as a {@code COMMAND_REJECTED} timeline entry and never applies it, so every refusal is on the
 * record. A command that passes here can still be rejected there if the incident changed in between
 * (the timeline then records a {@code COMMAND_REJECTED} with the command's id). An unknown command
 * name or a malformed body is not an {@code IncidentCommand} and is only answered.
 */
@Path("/incidents")
@Produces(MediaType.APPLICATION_JSON)
@OperatorAuthenticated
public final class IncidentResource {

    /** Largest command body: a command is a few lines of text. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** The Content-Type of the post-mortem draft. */
    public static final String MARKDOWN = "text/markdown; charset=UTF-8";

    private static final Logger LOG = LoggerFactory.getLogger(IncidentResource.class);

    /** The person a command is issued by when neither its body nor a token names one. */
    static final String DEFAULT_PERSON = "operator";

    private final IncidentStoreQueries queries;
    private final PeerInstances peers;
    private final IncidentEngine engine;
    private final CommandPublisher publisher;
    private final OperatorApiMetrics metrics;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final Executor responses;
    private final Settings settings;

    /**
     * @param retryAfterSeconds the Retry-After of a 503
     * @param defaultListSize incidents in a list without {@code limit}
     * @param maxListSize the largest {@code limit}
     */
    public record Settings(int retryAfterSeconds, int defaultListSize, int maxListSize) {

        public Settings {
            if (retryAfterSeconds < 1 || defaultListSize < 1 || maxListSize < 1) {
                throw new IllegalArgumentException("invalid operator API settings: Retry-After " + retryAfterSeconds
                        + " s, list size " + defaultListSize + " (at most " + maxListSize + ")");
            }
        }
    }

    public IncidentResource(IncidentStoreQueries queries, PeerInstances peers, IncidentEngine engine,
                            CommandPublisher publisher, OperatorApiMetrics metrics, Clock clock, ObjectMapper mapper,
                            Executor responses, Settings settings) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.responses = Objects.requireNonNull(responses, "responses");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The incidents matching the filter, newest first. Each instance answers for the partitions
     * active on it; the instance asked first asks all the others and merges their answers.
     */
    @GET
    public CompletionStage<Response> list(@QueryParam("status") List<String> status,
                                          @QueryParam("severity") List<String> severity,
                                          @QueryParam("limit") String limit,
                                          @HeaderParam(PeerInstances.FORWARDED_BY) String forwardedBy,
                                          @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                          @Context UriInfo uri) {
        try {
            IncidentFilter filter = IncidentFilter.parse(status, severity, limit, settings.defaultListSize(),
                    settings.maxListSize());
            List<IncidentSummary> local = queries.localIncidents(filter::matches).stream().map(IncidentSummary::of).toList();
            if (forwardedBy != null) {
                return done(Response.ok(filter.newestFirst(local)).build());
            }
            List<CompletableFuture<List<IncidentSummary>>> remote = new ArrayList<>();
            for (HostInfo peer : queries.otherInstances()) {
                remote.add(peers.incidents(peer, pathAndQuery(uri), authorization));
            }
            return CompletableFuture.allOf(remote.toArray(CompletableFuture[]::new)).handle((all, failure) -> {
                if (failure != null) {
                    return failure(failure);
                }
                List<IncidentSummary> merged = new ArrayList<>(local);
                remote.forEach(answer -> merged.addAll(answer.join()));
                return Response.ok(filter.newestFirst(merged)).build();
            });
        } catch (RuntimeException e) {
            return done(failure(e));
        }
    }

    /** The incident as JSON with its {@code timeline} (in sequence order) and the {@code notifications} sent. */
    @GET
    @Path("{id}")
    public CompletionStage<Response> get(@PathParam("id") String id,
                                         @HeaderParam(PeerInstances.FORWARDED_BY) String forwardedBy,
                                         @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                         @Context UriInfo uri) {
        try {
            Placement placement = queries.locate(id);
            if (!placement.local()) {
                return forward(placement, forwardedBy, "GET", uri, null, null, authorization);
            }
            Incident incident = queries.incident(id, placement.partition()).orElseThrow(() -> unknownIncident(id));
            ObjectNode json = AvroJson.toJson(incident);
            ArrayNode timeline = json.putArray("timeline");
            for (TimelineEntry entry : queries.timeline(id, placement.partition())) {
                timeline.add(AvroJson.toJson(entry));
            }
            ArrayNode notifications = json.putArray("notifications");
            for (Notification notification : queries.notifications(id, placement.partition())) {
                notifications.add(AvroJson.toJson(notification));
            }
            return done(Response.ok(json).build());
        } catch (RuntimeException e) {
            return done(failure(e));
        }
    }

    /**
     * The post-mortem draft of a P1/P2 incident once it is resolved, as markdown, with the file name
     * the runbook gives it ({@code docs/runbooks/post-mortems/YYYY-MM-DD-brief-title.md}).
     */
    @GET
    @Path("{id}/postmortem")
    @Produces({"text/markdown", MediaType.APPLICATION_JSON})
    public CompletionStage<Response> postmortem(@PathParam("id") String id,
                                                @HeaderParam(PeerInstances.FORWARDED_BY) String forwardedBy,
                                                @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                @Context UriInfo uri) {
        try {
            Placement placement = queries.locate(id);
            if (!placement.local()) {
                return forward(placement, forwardedBy, "GET", uri, null, null, authorization);
            }
            Incident incident = queries.incident(id, placement.partition()).orElseThrow(() -> unknownIncident(id));
            if (incident.getPostmortem() == null) {
                throw new ApiError(404, "incident " + id + " has no post-mortem: only P1 and P2 incidents get one, "
                        + "when they are resolved (it is " + incident.getSeverity() + ", " + incident.getStatus() + ")");
            }
            String draft = PostmortemDrafts.render(incident, queries.timeline(id, placement.partition()));
            String path = incident.getPostmortem().getDraftPath();
            String fileName = path.substring(path.lastIndexOf('/') + 1);
            return done(Response.ok(draft.getBytes(StandardCharsets.UTF_8), MARKDOWN)
                    .header("Content-Disposition", "inline; filename=\"" + fileName.replace("\"", "") + "\"")
                    .build());
        } catch (RuntimeException e) {
            return done(failure(e));
        }
    }

    /**
     * Checks the command against the incident's current state and publishes it; 202 once Kafka has
     * acknowledged it. The body is JSON ({@link CommandRequest}), whatever the Content-Type says, so
     * that a plain {@code curl -d} works; an empty body is a command without fields.
     */
    @POST
    @Path("{id}/{command}")
    @Consumes(MediaType.WILDCARD)
    public CompletionStage<Response> command(@PathParam("id") String id, @PathParam("command") String command,
                                             @HeaderParam(PeerInstances.FORWARDED_BY) String forwardedBy,
                                             @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                             @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                             @Context SecurityContext caller, @Context UriInfo uri, InputStream body) {
        try {
            CommandAction action = OperatorCommands.action(command).orElseThrow(() -> new ApiError(404,
                    "unknown command '" + command + "'; commands: " + String.join(", ", OperatorCommands.names())));
            byte[] bytes = readBody(body);
            CommandRequest request = CommandRequest.parse(bytes, mapper);
            Placement placement = queries.locate(id);
            if (!placement.local()) {
                return forward(placement, forwardedBy, "POST", uri, bytes, contentType, authorization);
            }
            Optional<Incident> incident = queries.incident(id, placement.partition());
            String person = caller.getUserPrincipal() == null ? DEFAULT_PERSON : caller.getUserPrincipal().getName();
            Instant issuedAt = clock.instant();
            IncidentCommand incidentCommand = request.toCommand(UUID.randomUUID().toString(), id, action, person, issuedAt);
            Optional<CommandRejection> rejection = engine.check(incidentCommand, incident);
            if (rejection.isPresent()) {
                return refuse(incidentCommand, rejection.get(), person);
            }
            return publisher.publish(incidentCommand).handleAsync((acked, failure) -> {
                if (failure != null) {
                    return failure(failure);
                }
                metrics.accepted();
                // The token's person too: "by" may name someone else (a command entered on their behalf).
                LOG.info("202 {} {} by {} (token of {}): command {}", OperatorCommands.name(action), id,
                        incidentCommand.getBy(), person, incidentCommand.getCommandId());
                return Response.accepted(new AcceptedCommand(incidentCommand.getCommandId(), id, action.name(),
                        incidentCommand.getBy(), issuedAt.toString())).type(MediaType.APPLICATION_JSON_TYPE).build();
            }, responses);
        } catch (RuntimeException e) {
            Response answer = failure(e);
            if (answer.getStatus() == 400 || answer.getStatus() == 413) {
                metrics.invalid();
            }
            return done(answer);
        }
    }

    /**
     * Answers a refused command with its 4xx, once it is recorded: it is published with {@code rejection}
     * set to the answer's reason, so the engine puts a COMMAND_REJECTED entry on the incident's timeline
     * (and applies nothing, whatever the incident's state is by then). 503 when Kafka does not take it: an
     * answer whose record is missing would break the audit trail.
     */
    private CompletionStage<Response> refuse(IncidentCommand command, CommandRejection rejection, String person) {
        IncidentCommand refused = IncidentCommand.newBuilder(command).setRejection(rejection.reason()).build();
        return publisher.publish(refused).handleAsync((acked, failure) -> {
            if (failure != null) {
                return failure(failure);
            }
            if (rejection.httpStatus() == CommandRejection.BAD_REQUEST) {
                metrics.invalid();
            } else {
                metrics.rejected();
            }
            LOG.info("{} {} {} by {} (token of {}), recorded as command {}: {}", rejection.httpStatus(),
                    OperatorCommands.name(command.getAction()), command.getIncidentId(), command.getBy(), person,
                    command.getCommandId(), rejection.reason());
            return error(rejection.httpStatus(), rejection.reason());
        }, responses);
    }

    private CompletionStage<Response> forward(Placement placement, String forwardedBy, String method, UriInfo uri,
                                              byte[] body, String contentType, String authorization) {
        if (forwardedBy != null) {
            // The instance that forwarded this believes we host it, we believe it is elsewhere: the
            // assignment is moving. One hop only; the caller retries once it has settled.
            throw new StoreUnavailableException("instance " + forwardedBy + " forwarded this request here, but "
                    + PeerInstances.address(placement.host()) + " hosts it now (the engine is rebalancing); retry shortly");
        }
        metrics.forwarded();
        return peers.forward(placement.host(), method, pathAndQuery(uri), body, contentType, authorization)
                .exceptionally(this::failure);
    }

    private static byte[] readBody(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new ApiError(413, "body exceeds the limit of " + MAX_BODY_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiError(400, "could not read the request body: " + e.getMessage());
        }
    }

    /** The answer to a failure: a known one gets its status, anything else is a bug (500 via the exception mapper). */
    private Response failure(Throwable thrown) {
        Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        if (cause instanceof ApiError apiError) {
            return error(apiError.status, apiError.getMessage());
        }
        if (cause instanceof InvalidRequestException invalid) {
            return error(400, invalid.getMessage());
        }
        if (cause instanceof StoreUnavailableException || cause instanceof PeerUnavailableException) {
            LOG.warn("503: {}", cause.getMessage());
            return unavailable(cause.getMessage());
        }
        if (cause instanceof TimeoutException) {
            metrics.unavailable();
            return unavailable("Kafka did not acknowledge the command within the ack timeout; retry later");
        }
        if (cause instanceof SchemaRegistryException || cause instanceof org.apache.kafka.common.KafkaException) {
            metrics.unavailable();
            LOG.warn("503: command not published: {}", cause.toString());
            return unavailable("Kafka did not take the command (" + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage() + "); retry later");
        }
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw new CompletionException(cause);
    }

    private Response unavailable(String message) {
        return Response.status(Response.Status.SERVICE_UNAVAILABLE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.RETRY_AFTER, settings.retryAfterSeconds())
                .entity(new ErrorResponse(503, message, null))
                .build();
    }

    private static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse(status, message, null)).build();
    }

    private static ApiError unknownIncident(String id) {
        return new ApiError(404, "no incident " + id);
    }

    private static String pathAndQuery(UriInfo uri) {
        String query = uri.getRequestUri().getRawQuery();
        return uri.getRequestUri().getRawPath() + (query == null ? "" : "?" + query);
    }

    private static CompletionStage<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }

    /** A client error this resource answers with {@code status} and the message. */
    private static final class ApiError extends RuntimeException {
        private final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
