package io.agentix.incident.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The smallest SMTP server a mail client accepts (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT; no
 * TLS, no auth), one thread per connection, keeping nothing: on the end of DATA it hands the mail's
 * {@code X-Notification-Id} header to a callback and answers 250. It exists to tell the cost of the
 * notifier from the cost of GreenMail, which parses and stores every mail it takes.
 */
final class SmtpSink implements AutoCloseable {

    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "smtp-sink");
        thread.setDaemon(true);
        return thread;
    });
    private final Consumer<String> accepted;

    /** Listens on an ephemeral loopback port; {@code accepted} gets each mail's X-Notification-Id. */
    SmtpSink(Consumer<String> accepted) throws IOException {
        this(0, accepted);
    }

    /** Listens on {@code port} (0: ephemeral) on loopback; {@code accepted} gets each mail's X-Notification-Id. */
    SmtpSink(int port, Consumer<String> accepted) throws IOException {
        this.accepted = accepted;
        this.server = new ServerSocket(port, 256, InetAddress.getLoopbackAddress());
        connections.execute(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                connections.execute(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            OutputStream out = socket.getOutputStream();
            reply(out, "220 bench-sink ESMTP");
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String verb = (line.length() >= 4 ? line.substring(0, 4) : line).toUpperCase(Locale.ROOT);
                switch (verb) {
                    case "EHLO" -> reply(out, "250-bench-sink\r\n250-8BITMIME\r\n250 PIPELINING");
                    case "HELO", "MAIL", "RCPT", "RSET", "NOOP" -> reply(out, "250 OK");
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        String id = readData(in);
                        accepted.accept(id);
                        reply(out, "250 OK queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "502 not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Reads the message up to the lone dot; returns its X-Notification-Id header (or null). */
    private static String readData(InputStream in) throws IOException {
        String id = null;
        boolean headers = true;
        for (String line; (line = readLine(in)) != null; ) {
            if (line.equals(".")) {
                return id;
            }
            if (headers) {
                if (line.isEmpty()) {
                    headers = false;
                } else if (line.regionMatches(true, 0, "X-Notification-Id:", 0, 18)) {
                    id = line.substring(18).trim();
                }
            }
        }
        throw new IOException("connection closed inside DATA");
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return null;
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
