package io.agentix.incident.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One service as a separate JVM, started the way {@code bin/incident-engine} starts it: {@code java -cp <the
 * test classpath> <main class> server <module>/config-dev.yml}, with overrides as Dropwizard's {@code -Ddw.}
 * system properties. Its output goes to a log file under {@code target/e2e/}, whose tail a failing test
 * prints. {@link #kill()} is a real {@code kill -9} ({@link Process#destroyForcibly()} sends SIGKILL on Linux):
 * no shutdown hook, no close, no last commit, which is the crash the fault tests are about.
 *
 * <p>Each start is a fresh JVM on the same configuration, so a killed service can be started again on the
 * same ports and state directory, as an orchestrator restarts a crashed container.
 */
final class ServiceProcess implements AutoCloseable {

    /** A service's application class and its module (where its config-dev.yml lives). */
    enum Service {
        INGEST("io.agentix.incident.ingest.IngestApplication", "ingest-service"),
        STREAMS("io.agentix.incident.escalation.EscalationApplication", "escalation-streams"),
        NOTIFIER("io.agentix.incident.notifier.NotifierApplication", "notifier-service");

        private final String mainClass;
        private final String module;

        Service(String mainClass, String module) {
            this.mainClass = mainClass;
            this.module = module;
        }
    }

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final int LOG_TAIL_LINES = 80;
    /** Small heaps and C1 only: a service starts in seconds and the fault tests start several. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-Xss512k", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Xshare:auto");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Every process started and not yet killed: a test JVM that exits takes them with it. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "service-process-reaper"));
    }

    private final String name;
    private final Service service;
    private final Map<String, String> overrides;
    private final int adminPort;
    private final Path log;
    private final Path argFile;
    private Process process;
    private int starts;

    /**
     * @param name names the log file and the failure messages, e.g. {@code streams-a}
     * @param overrides configuration paths to values, set as {@code -Ddw.<path>=<value>} (a dot inside a map key
     *     escaped with a backslash: {@code streams.properties.session\.timeout\.ms}); they must fix the admin port
     *     ({@code server.adminConnectors[0].port}), which is where the process is watched
     */
    ServiceProcess(String name, Service service, Map<String, String> overrides) {
        this.name = Objects.requireNonNull(name, "name");
        this.service = Objects.requireNonNull(service, "service");
        this.overrides = Map.copyOf(overrides);
        String admin = overrides.get("server.adminConnectors[0].port");
        if (admin == null || admin.equals("0")) {
            throw new IllegalArgumentException(name + ": give server.adminConnectors[0].port a fixed port: the"
                    + " launcher waits for its /healthcheck");
        }
        this.adminPort = Integer.parseInt(admin);
        Path directory = Engine.directory("process-" + name + "-");
        this.log = directory.resolve(name + ".log");
        this.argFile = directory.resolve(name + ".args");
    }

    /** Starts a new JVM and returns once its admin {@code /healthcheck} answers 200. */
    ServiceProcess start() {
        return launch().awaitHealthy();
    }

    /** Starts a new JVM and returns at once: {@link #awaitHealthy()} waits for it (several can start side by side). */
    ServiceProcess launch() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running as pid " + process.pid());
        }
        starts++;
        List<String> arguments = new ArrayList<>(JVM_OPTIONS);
        arguments.add("-cp");
        arguments.add(testClasspath());
        overrides.forEach((path, value) -> arguments.add("-Ddw." + path + "=" + value));
        arguments.add(service.mainClass);
        arguments.add("server");
        arguments.add(configDev(service.module).toString());
        try {
            // An argument file: the test classpath alone is tens of kilobytes, too long for some command lines.
            Files.write(argFile, arguments.stream().map(ServiceProcess::quoted).toList(), StandardCharsets.UTF_8);
            Files.writeString(log, "---- start " + starts + " of " + name + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(javaExecutable().toString(), "@" + argFile)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            LIVE.add(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + service.mainClass + ")", e);
        }
        return this;
    }

    /**
     * Kills the JVM with SIGKILL and returns once the operating system has no such process any more.
     *
     * @throws AssertionError when it is still there ten seconds later, or exited otherwise than of the signal
     */
    void kill() {
        Process killed = Objects.requireNonNull(process, () -> name + " was never started");
        long pid = killed.pid();
        killed.destroyForcibly();
        LIVE.remove(killed);
        try {
            if (!killed.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " (pid " + pid + ") still runs " + EXIT_TIMEOUT + " after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new AssertionError(name + " (pid " + pid + ") is still alive after SIGKILL");
        }
        // 137 = 128 + SIGKILL: it died of the signal, not of a shutdown of its own.
        if (killed.exitValue() != 137) {
            throw new AssertionError(name + " (pid " + pid + ") exited with " + killed.exitValue()
                    + ", not of SIGKILL (137)\n" + logTail());
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return Objects.requireNonNull(process, () -> name + " was never started").pid();
    }

    String name() {
        return name;
    }

    /** The last lines of the process's output, over all its starts, for a failure message. */
    String logTail() {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return "---- last " + Math.min(LOG_TAIL_LINES, lines.size()) + " lines of " + log.toAbsolutePath() + "\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Stops a running process (with SIGKILL too: tests leave nothing behind, and a clean stop is not tested here). */
    @Override
    public void close() {
        if (isAlive()) {
            kill();
        }
    }

    /** Returns once the launched JVM's admin {@code /healthcheck} answers 200; fails with its log when it exits. */
    ServiceProcess awaitHealthy() {
        URI health = URI.create("http://127.0.0.1:" + adminPort + "/healthcheck");
        try {
            Awaitility.await(name + " healthy at " + health).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new AssertionError(name + " exited with " + process.exitValue() + " while starting\n"
                                    + logTail());
                        }
                        return HTTP.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).GET().build(),
                                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            close();
            throw new AssertionError(name + " did not become healthy within " + START_TIMEOUT + "\n" + logTail(), e);
        }
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + " while starting\n" + logTail());
        }
        return this;
    }

    /**
     * The classpath the tests run on. Surefire puts the real one in {@code java.class.path}; should it ever hand
     * over a manifest-only jar instead, the jar's {@code Class-Path} holds the entries.
     */
    static String testClasspath() {
        String classpath = System.getProperty("java.class.path");
        String[] entries = classpath.split(java.io.File.pathSeparator);
        if (entries.length == 1 && entries[0].endsWith(".jar")) {
            try (JarFile jar = new JarFile(entries[0])) {
                Manifest manifest = jar.getManifest();
                String manifestPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                if (manifestPath != null) {
                    List<String> resolved = new ArrayList<>();
                    for (String url : manifestPath.trim().split("\\s+")) {
                        resolved.add(Path.of(URI.create(url).isAbsolute() ? URI.create(url)
                                : Path.of(entries[0]).toAbsolutePath().getParent().toUri().resolve(url)).toString());
                    }
                    classpath = String.join(java.io.File.pathSeparator, resolved);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the manifest of " + entries[0], e);
            }
        }
        for (Service service : Service.values()) {
            try {
                Class.forName(service.mainClass, false, ServiceProcess.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(service.mainClass + " is not on the test classpath", e);
            }
        }
        return classpath;
    }

    private static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static Path configDev(String module) {
        Path root = Path.of(System.getProperty("incident.engine.root", ".."));
        Path file = root.resolve(module).resolve("config-dev.yml").toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no " + file + ": run the tests from the e2e-tests module"
                    + " (or set -Dincident.engine.root to the repository root)");
        }
        return file;
    }

    /** One argument of a java {@code @argfile}: quoted, with backslashes and quotes escaped. */
    private static String quoted(String argument) {
        return "\"" + argument.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
