package io.agentix.incident.escalation.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator API over plain HTTP (java.net.http): GETs and command POSTs, with the bearer token
 * when one is given. Answers are returned whatever their status; only not reaching the API at all
 * is an exception.
 */
final class OperatorApiClient {

    /** The API answers from its stores or Kafka's ack within seconds; longer means it is stuck. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final String base;
    private final String token;
    private final HttpClient client;

    /**
     * @param base e.g. {@code http://localhost:8082}
     * @param token the operator API token, or null to send none
     */
    OperatorApiClient(String base, String token) {
        Objects.requireNonNull(base, "base");
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token == null || token.isBlank() ? null : token;
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** An HTTP answer: status, body and, for a 503, when to retry. */
    record Answer(int status, String body, Optional<String> retryAfter) {
    }

    /** Not reaching the API at all: refused, timed out, a bad URL. The message says which and where. */
    static final class UnreachableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    Answer get(String pathAndQuery) throws UnreachableException {
        return send(request(pathAndQuery).GET());
    }

    Answer post(String path, String json) throws UnreachableException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
    }

    String base() {
        return base;
    }

    private HttpRequest.Builder request(String pathAndQuery) throws UnreachableException {
        URI uri;
        try {
            uri = URI.create(base + pathAndQuery);
        } catch (IllegalArgumentException e) {
            throw new UnreachableException("invalid operator API URL '" + base + "': " + e.getMessage(), e);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new UnreachableException("invalid operator API URL '" + base + "': expected http://host:port", null);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private Answer send(HttpRequest.Builder builder) throws UnreachableException {
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
        } catch (ConnectException e) {
            throw new UnreachableException("cannot reach the operator API at " + base + " (connection refused); "
                    + "is escalation-streams running? ('bin/incident-engine dev' starts it; --api or "
                    + "INCIDENT_ENGINE_API names another address)", e);
        } catch (HttpTimeoutException e) {
            throw new UnreachableException("the operator API at " + base + " did not answer " + request.method() + " "
                    + request.uri().getRawPath() + " within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new UnreachableException("cannot reach the operator API at " + base + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnreachableException("interrupted while waiting for the operator API at " + base, e);
        }
    }
}
