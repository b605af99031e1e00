package io.agentix.incident.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The receiver Alertmanager notifies during the benchmark: answers 200 to every POST and counts
 * them, so Alertmanager's notification pipeline runs as in production without a failing receiver
 * retrying in the background. {@code GET /count} returns the number of notifications received.
 *
 * <pre>
 * java -cp benchmarks.jar io.agentix.incident.bench.WebhookSink PORT
 * </pre>
 * Listens on 127.0.0.1 only; stops on SIGTERM.
 */
public final class WebhookSink {

    private final AtomicLong received = new AtomicLong();

    private WebhookSink() {
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
            if ("POST".equals(exchange.getRequestMethod())) {
                received.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
            } else {
                byte[] count = (received.get() + "\n").getBytes(StandardCharsets.US_ASCII);
                exchange.sendResponseHeaders(200, count.length);
                exchange.getResponseBody().write(count);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: WebhookSink PORT");
            System.exit(2);
            return;
        }
        int port = Integer.parseInt(args[0]);
        WebhookSink sink = new WebhookSink();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", sink::handle);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "webhook-sink-shutdown"));
        System.out.println("READY webhook sink on http://127.0.0.1:" + port + "/");
    }
}
