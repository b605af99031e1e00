package io.agentix.incident.simulator;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Command line of {@code incident-engine simulate}: {@code [--policy FILE] [--until ISO] SCENARIO.jsonl}.
 *
 * @param policy a policy file, or null for the shipped policy
 * @param until where to move the clock after the last step, or null
 * @param scenario the scenario file
 */
record SimulateArguments(Path policy, Instant until, Path scenario) {

    static final String USAGE = "usage: incident-engine simulate [--policy FILE] [--until ISO-8601] SCENARIO.jsonl";

    /** @throws IllegalArgumentException with a message saying what is wrong */
    static SimulateArguments parse(List<String> args) {
        Path policy = null;
        Instant until = null;
        Path scenario = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--policy" -> policy = Path.of(value(args, ++i, arg));
                case "--until" -> {
                    String text = value(args, ++i, arg);
                    try {
                        until = Instant.parse(text);
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("--until is not an ISO-8601 UTC time like 2026-03-30T12:00:00Z: '"
                                + text + "'");
                    }
                }
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    if (scenario != null) {
                        throw new IllegalArgumentException("only one SCENARIO, got '" + scenario + "' and '" + arg + "'");
                    }
                    scenario = Path.of(arg);
                }
            }
        }
        if (scenario == null) {
            throw new IllegalArgumentException("SCENARIO is required");
        }
        return new SimulateArguments(policy, until, scenario);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException("missing value after " + option);
        }
        return args.get(index);
    }
}
