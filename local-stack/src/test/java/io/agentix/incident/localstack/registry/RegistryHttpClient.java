package io.agentix.incident.localstack.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A real HTTP client for the registry's REST API, sending what Confluent's clients send. */
final class RegistryHttpClient {

    static final String REGISTRY_JSON = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    RegistryHttpClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** An HTTP answer; {@code json()} parses its body. */
    record Reply(int status, String contentType, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("the answer is not JSON: " + body, e);
            }
        }

        int errorCode() {
            return json().path("error_code").asInt();
        }

        String message() {
            return json().path("message").asText();
        }
    }

    /** The body of a register, lookup or compatibility request for {@code schema}. */
    static String schemaRequest(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    int register(String subject, String schema) {
        Reply reply = post("/subjects/" + subject + "/versions", schemaRequest(schema));
        if (reply.status() != 200) {
            throw new AssertionError("registering under " + subject + " answered " + reply.status() + " " + reply.body());
        }
        return reply.json().path("id").asInt();
    }

    Reply get(String path) {
        return send("GET", path, null, REGISTRY_JSON);
    }

    Reply post(String path, String body) {
        return send("POST", path, body, REGISTRY_JSON);
    }

    Reply put(String path, String body) {
        return send("PUT", path, body, REGISTRY_JSON);
    }

    Reply delete(String path) {
        return send("DELETE", path, null, REGISTRY_JSON);
    }

    Reply send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", REGISTRY_JSON)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + baseUrl + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + method + " " + path, e);
        }
    }
}
