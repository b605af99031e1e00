package io.agentix.incident.notifier.channel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real SMTP server on a local port whose answers a test scripts: GreenMail accepts everything, this
 * one answers RCPT TO per address and DATA with a chosen reply, to see how the channel classifies
 * refusals. It speaks enough SMTP for Jakarta Mail (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT).
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Function<String, String> rcptReply;
    private final String dataReply;
    private final List<String> acceptedRecipients = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread thread;
    private volatile boolean dropAfterData;

    /**
     * @param rcptReply the reply line to {@code RCPT TO:<address>} for an address, e.g. {@code "250 ok"}
     * @param dataReply the reply line after the message's final dot
     */
    ScriptedSmtpServer(Function<String, String> rcptReply, String dataReply) throws IOException {
        this.socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        this.rcptReply = rcptReply;
        this.dataReply = dataReply;
        this.thread = new Thread(this::serve, "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    /** From now on, hang up right after answering a message's DATA (as a server that drops idle clients). */
    void dropAfterData(boolean drop) {
        this.dropAfterData = drop;
    }

    /** Recipients whose RCPT TO was answered 250 in a transaction that got its DATA accepted. */
    List<String> delivered() {
        return List.copyOf(acceptedRecipients);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                connections.incrementAndGet();
                converse(client);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void converse(Socket client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = client.getOutputStream();
        reply(out, "220 scripted ESMTP");
        List<String> accepted = new java.util.ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.toUpperCase(Locale.ROOT);
            if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                reply(out, "250 scripted");
            } else if (command.startsWith("MAIL FROM")) {
                accepted.clear();
                reply(out, "250 ok");
            } else if (command.startsWith("RCPT TO")) {
                String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                String answer = rcptReply.apply(address);
                if (answer.startsWith("250")) {
                    accepted.add(address);
                }
                reply(out, answer);
            } else if (command.startsWith("DATA")) {
                reply(out, "354 go ahead");
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    // the message; not kept
                }
                if (dataReply.startsWith("250")) {
                    acceptedRecipients.addAll(accepted);
                }
                reply(out, dataReply);
                if (dropAfterData) {
                    return;
                }
            } else if (command.startsWith("QUIT")) {
                reply(out, "221 bye");
                return;
            } else {
                reply(out, "250 ok");
            }
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
