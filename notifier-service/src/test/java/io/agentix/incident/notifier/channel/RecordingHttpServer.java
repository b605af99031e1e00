package io.agentix.incident.notifier.channel;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver on a free local port: records every request (path, headers, raw body bytes) and
 * answers with the status and body a test sets, or not at all until closed (to make a client time out).
 */
final class RecordingHttpServer implements AutoCloseable {

    /** One request as received. */
    record Received(String method, String path, Headers headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile int status = 200;
    private volatile String responseBody = "ok";
    private volatile boolean hang;

    RecordingHttpServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders(), body));
            if (hang) {
                try {
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            byte[] answer = responseBody.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    RecordingHttpServer answer(int status, String body) {
        this.status = status;
        this.responseBody = body;
        return this;
    }

    RecordingHttpServer hang() {
        this.hang = true;
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received only() {
        if (received.size() != 1) {
            throw new AssertionError("expected exactly one request, got " + received.size());
        }
        return received.get(0);
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
