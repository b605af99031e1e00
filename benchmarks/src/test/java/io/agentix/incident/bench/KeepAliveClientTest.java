package io.agentix.incident.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bench's HTTP/1.1 client against a real socket server that answers with scripted raw responses. */
class KeepAliveClientTest {

    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

    private final ScriptedServer server = new ScriptedServer();

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void reusesOneConnectionAcrossContentLengthAndChunkedAnswers() throws IOException {
        server.answers.add("HTTP/1.1 202 Accepted\r\nContent-Length: 11\r\n\r\n{\"ok\":true}");
        server.answers.add("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n");
        server.answers.add("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n");

        try (KeepAliveClient client = new KeepAliveClient("127.0.0.1", server.port())) {
            assertThat(client.post("/webhooks/x", BODY)).isEqualTo(202);
            assertThat(client.post("/webhooks/x", BODY)).isEqualTo(200);
            assertThat(client.post("/webhooks/x", BODY)).isEqualTo(503);
        }

        assertThat(server.connections.get()).isEqualTo(1);
        assertThat(server.bodies).containsExactly("{\"a\":1}", "{\"a\":1}", "{\"a\":1}");
    }

    @Test
    void opensANewConnectionAfterTheServerSaidClose() throws IOException {
        server.answers.add("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");
        server.answers.add("HTTP/1.1 202 Accepted\r\nContent-Length: 2\r\n\r\n{}");

        try (KeepAliveClient client = new KeepAliveClient("127.0.0.1", server.port())) {
            assertThat(client.post("/webhooks/x", BODY)).isEqualTo(401);
            assertThat(client.post("/webhooks/x", BODY)).isEqualTo(202);
        }

        assertThat(server.connections.get()).isEqualTo(2);
    }

    /** Reads each request (head and Content-Length body) and writes the next scripted answer; closes after "Connection: close". */
    private static final class ScriptedServer implements AutoCloseable {
        final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        final AtomicInteger connections = new AtomicInteger();
        final List<String> bodies = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;

        ScriptedServer() {
            try {
                socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread acceptor = new Thread(this::acceptLoop, "scripted-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void acceptLoop() {
            while (!socket.isClosed()) {
                try (Socket connection = socket.accept()) {
                    connections.incrementAndGet();
                    serve(connection);
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket connection) throws IOException {
            InputStream in = new BufferedInputStream(connection.getInputStream());
            OutputStream out = connection.getOutputStream();
            while (true) {
                int length = -1;
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                while ((line = readLine(in)) != null && !line.isEmpty()) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring(15).trim());
                    }
                }
                bodies.add(new String(in.readNBytes(length), StandardCharsets.UTF_8));
                String answer = answers.poll();
                if (answer == null) {
                    return;
                }
                out.write(answer.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (answer.contains("Connection: close")) {
                    return;
                }
            }
        }

        private static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != -1; ) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.US_ASCII);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
