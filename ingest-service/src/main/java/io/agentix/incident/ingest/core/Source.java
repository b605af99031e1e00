package io.agentix.incident.ingest.core;

import java.util.Locale;

/** The senders the ingest service accepts, by the id used in topics, URLs and the CLI. */
public enum Source {
    SENTRY, BETTERSTACK, RAILWAY, ALERTMANAGER, GITHUB, REPORT;

    /** Lower-case id: {@code sentry}, {@code betterstack}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses an id case-insensitively; the exception names the accepted ids. */
    public static Source fromId(String id) {
        for (Source source : values()) {
            if (source.id().equalsIgnoreCase(id)) {
                return source;
            }
        }
        throw new IllegalArgumentException("unknown source '" + id + "'; expected one of "
                + java.util.Arrays.stream(values()).map(Source::id).toList());
    }
}
