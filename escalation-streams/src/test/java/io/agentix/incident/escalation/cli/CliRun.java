package io.agentix.incident.escalation.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

/** One CLI instance with its stdout and stderr captured (readable while it runs, e.g. a watch on another thread). */
final class CliRun {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final OperatorCli cli;

    CliRun(Map<String, String> env, Clock clock) {
        cli = new OperatorCli(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), clock);
    }

    CliRun(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    int run(String... args) {
        return cli.run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
