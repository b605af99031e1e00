package io.agentix.incident.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on a random port that answers like a Confluent schema registry from a script:
 * for each method and path, a queue of answers played in order, the last one repeating. Records
 * every request it gets.
 */
final class ScriptedSchemaRegistry implements AutoCloseable {

    /** One request as received. */
    record Received(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(",", e.getValue()))
                    .findFirst().orElse(null);
        }
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Answer>> script = new HashMap<>();
    private final List<Received> received = new ArrayList<>();

    ScriptedSchemaRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds an answer for {@code method path}; answers play in order and the last one repeats. */
    synchronized ScriptedSchemaRegistry answer(String method, String path, int status, String body) {
        script.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).add(new Answer(status, body));
        return this;
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    /** A URL nothing listens on: connections to it are refused at once. */
    static String deadUrl() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    static String errorBody(int errorCode, String message) {
        return "{\"error_code\":" + errorCode + ",\"message\":\"" + message + "\"}";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getRawPath();
            Answer answer;
            synchronized (this) {
                received.add(new Received(exchange.getRequestMethod(), path,
                        Map.copyOf(exchange.getRequestHeaders()), body));
                Deque<Answer> answers = script.get(exchange.getRequestMethod() + " " + path);
                answer = answers == null ? new Answer(404, errorBody(404, "no script for " + path))
                        : answers.size() > 1 ? answers.poll() : answers.peek();
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } finally {
            exchange.close();
        }
    }
}
