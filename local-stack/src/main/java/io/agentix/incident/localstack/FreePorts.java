package io.agentix.incident.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports for servers that must be told their port before they start (a broker's listeners, a
 * service whose port goes into another's configuration).
 *
 * <p>Asking the kernel for port 0 and closing the probe hands out a port from the ephemeral range, the
 * same range the kernel takes the local ports of outgoing connections from: between the probe and the
 * server's bind, a client connection (a Kafka producer, an HTTP client) can take that port, and the
 * server then fails to start. This picks ports below the ephemeral range, which outgoing connections
 * never use, checks each by binding it, and never hands out one port twice in this JVM.
 */
public final class FreePorts {

    /** The lowest port handed out: above the well-known services of a development machine. */
    static final int LOWEST = 10_000;

    /** Linux's default ephemeral range starts here; used where {@link #RANGE} cannot be read. */
    static final int DEFAULT_EPHEMERAL_LOW = 32_768;

    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final int EPHEMERAL_LOW = ephemeralLow();

    private FreePorts() {
    }

    /** A port nothing listens on now, outside the ephemeral range, not handed out before by this JVM. */
    public static synchronized int pick() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, EPHEMERAL_LOW);
            if (!HANDED_OUT.contains(port) && bindable(port)) {
                HANDED_OUT.add(port);
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("no free port in " + LOWEST + ".." + (EPHEMERAL_LOW - 1)
                + " after " + ATTEMPTS + " attempts"));
    }

    /** The first port of the kernel's ephemeral range. */
    static int ephemeralLow() {
        try {
            return parseEphemeralLow(Files.readString(RANGE));
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }

    /** The low end of {@code ip_local_port_range} ("32768\t60999"), kept above {@link #LOWEST} + 1,000. */
    static int parseEphemeralLow(String range) {
        int low = Integer.parseInt(range.trim().split("\\s+")[0]);
        return low > LOWEST + 1_000 ? low : DEFAULT_EPHEMERAL_LOW;
    }

    /** Whether a server could listen on the port on every address (the strictest of the binds our servers make). */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
