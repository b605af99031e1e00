package io.agentix.incident.simulator;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** One in-process run of {@link SimulateMain}, with what it printed. */
record SimulatorRun(int exitCode, String stdout, String stderr) {

    static SimulatorRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = SimulateMain.run(Arrays.asList(args), outStream, errStream);
        }
        return new SimulatorRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The non-empty stdout lines. */
    List<String> lines() {
        return stdout.lines().filter(line -> !line.isEmpty()).toList();
    }
}
