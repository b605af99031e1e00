package io.agentix.incident.escalation.resources;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.kafka.streams.state.HostInfo;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agentix.incident.escalation.api.IncidentSummary;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The other instances of the engine, over HTTP: a read (or command) about an incident that another
 * instance hosts is forwarded to it, and the list of incidents asks every instance.
 *
 * <p>A forwarded request carries {@link #FORWARDED_BY} (this instance's {@code host:port}); an
 * instance answers such a request from its own stores only and never forwards it again, so
 * instances that disagree about who hosts what during a rebalance cannot bounce a request between
 * them. The caller's {@code Authorization} header travels with it (each instance checks it against
 * the same tokens).
 */
public final class PeerInstances {

    /** Marks a request forwarded by another instance; its value is that instance's {@code host:port}. */
    public static final String FORWARDED_BY = "X-Incident-Engine-Forwarded-By";

    private static final TypeReference<List<IncidentSummary>> SUMMARIES = new TypeReference<>() {
    };

    private final HttpClient client;
    private final HostInfo self;
    private final Duration timeout;
    private final ObjectMapper mapper;

    public PeerInstances(HttpClient client, HostInfo self, Duration timeout, ObjectMapper mapper) {
        this.client = Objects.requireNonNull(client, "client");
        this.self = Objects.requireNonNull(self, "self");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    /** A request that a peer could not answer (unreachable, too slow, or not 2xx): the message says which and why. */
    public static final class PeerUnavailableException extends RuntimeException {

        public PeerUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Sends the request to {@code host} and relays its answer as it is: status, body, Content-Type and
     * Retry-After.
     *
     * @param pathAndQuery the raw path and query of the original request
     * @param body the body to send, or null for a GET
     * @return completes with the peer's answer; fails with {@link PeerUnavailableException}
     */
    public CompletableFuture<Response> forward(HostInfo host, String method, String pathAndQuery, byte[] body,
                                               String contentType, String authorization) {
        HttpRequest.Builder request = request(host, pathAndQuery, authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header(HttpHeaders.CONTENT_TYPE, contentType);
        }
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw unavailable(host, method, pathAndQuery, failure);
                    }
                    Response.ResponseBuilder relayed = Response.status(response.statusCode()).entity(response.body());
                    response.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(type -> relayed.type(type));
                    response.headers().firstValue(HttpHeaders.RETRY_AFTER)
                            .ifPresent(seconds -> relayed.header(HttpHeaders.RETRY_AFTER, seconds));
                    response.headers().firstValue("Content-Disposition")
                            .ifPresent(disposition -> relayed.header("Content-Disposition", disposition));
                    return relayed.build();
                });
    }

    /**
     * Asks {@code host} for its own incidents matching the query of {@code pathAndQuery}.
     *
     * @return completes with the peer's list; fails with {@link PeerUnavailableException} when the
     *     peer does not answer 200 with a list in time
     */
    public CompletableFuture<List<IncidentSummary>> incidents(HostInfo host, String pathAndQuery, String authorization) {
        HttpRequest request = request(host, pathAndQuery, authorization).GET().build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw unavailable(host, "GET", pathAndQuery, failure);
                    }
                    if (response.statusCode() != 200) {
                        throw new PeerUnavailableException("instance " + address(host) + " answered "
                                + response.statusCode() + " to GET " + pathAndQuery + ": "
                                + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8), null);
                    }
                    try {
                        return mapper.readValue(response.body(), SUMMARIES);
                    } catch (IOException e) {
                        throw new PeerUnavailableException("instance " + address(host)
                                + " answered GET " + pathAndQuery + " with something other than a list of incidents", e);
                    }
                });
    }

    private HttpRequest.Builder request(HostInfo host, String pathAndQuery, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + address(host) + pathAndQuery))
                .timeout(timeout)
                .header(FORWARDED_BY, address(self));
        if (authorization != null) {
            request.header(HttpHeaders.AUTHORIZATION, authorization);
        }
        return request;
    }

    private PeerUnavailableException unavailable(HostInfo host, String method, String pathAndQuery, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String why = cause instanceof HttpTimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return new PeerUnavailableException("instance " + address(host) + " did not answer "
                + method + " " + pathAndQuery + " (" + why + ")", cause);
    }

    static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
