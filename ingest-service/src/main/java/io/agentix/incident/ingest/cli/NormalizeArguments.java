package io.agentix.incident.ingest.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.agentix.incident.ingest.core.Source;

/**
 * Command line of {@code incident-engine normalize}:
 * {@code --source S [--header 'Name: value']... [--secret S] [--account A] FILE}.
 */
record NormalizeArguments(Source source, Map<String, String> headers, String secret, String account, Path file) {

    static final String USAGE = "usage: incident-engine normalize --source <sentry|betterstack|railway|alertmanager|github|report>"
            + " [--header 'Name: value']... [--secret S] [--account A] FILE";

    /** @throws IllegalArgumentException with a message saying what is wrong */
    static NormalizeArguments parse(List<String> args) {
        Source source = null;
        Map<String, String> headers = new LinkedHashMap<>();
        String secret = null;
        String account = null;
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--source" -> source = Source.fromId(value(args, ++i, arg));
                case "--header" -> {
                    String header = value(args, ++i, arg);
                    int colon = header.indexOf(':');
                    if (colon <= 0) {
                        throw new IllegalArgumentException("--header must look like 'Name: value', was '" + header + "'");
                    }
                    headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
                }
                case "--secret" -> secret = value(args, ++i, arg);
                case "--account" -> account = value(args, ++i, arg);
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    if (file != null) {
                        throw new IllegalArgumentException("only one FILE, got '" + file + "' and '" + arg + "'");
                    }
                    file = Path.of(arg);
                }
            }
        }
        if (source == null) {
            throw new IllegalArgumentException("--source is required");
        }
        if (file == null) {
            throw new IllegalArgumentException("FILE is required");
        }
        return new NormalizeArguments(source, headers, secret, account, file);
    }

    private static String value(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException("missing value after " + option);
        }
        return args.get(index);
    }
}
