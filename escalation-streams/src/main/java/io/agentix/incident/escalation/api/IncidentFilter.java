package io.agentix.incident.escalation.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.agentix.incident.events.Incident;
import io.agentix.incident.events.IncidentStatus;
import io.agentix.incident.events.Severity;

/**
 * The query of {@code GET /incidents?status=&severity=&limit=}: each parameter repeatable or
 * comma-separated ({@code status=OPEN,ACKNOWLEDGED} or {@code status=OPEN&status=ACKNOWLEDGED}),
 * case-insensitive; none given means any. The answer is newest first: latest detection, then the
 * higher id.
 */
public record IncidentFilter(Set<IncidentStatus> statuses, Set<Severity> severities, int limit) {

    /** Newest first: by detection time, then by id (ids of one engine grow), both descending. */
    public static final Comparator<IncidentSummary> NEWEST_FIRST = Comparator
            .comparing(IncidentSummary::detectedAt, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(IncidentSummary::id)
            .reversed();

    public IncidentFilter {
        statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(statuses);
        severities = severities.isEmpty() ? Set.of() : Set.copyOf(severities);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
    }

    /**
     * The filter of the query parameters.
     *
     * @param limit the {@code limit} parameter, or null for {@code defaultLimit}
     * @throws InvalidRequestException naming an unknown status or severity with the valid ones,
     *     or a limit outside 1..maxLimit
     */
    public static IncidentFilter parse(List<String> status, List<String> severity, String limit, int defaultLimit,
                                       int maxLimit) {
        return new IncidentFilter(values(status, "status", IncidentStatus.class, IncidentStatus::valueOf),
                values(severity, "severity", Severity.class, Severity::valueOf), limit(limit, defaultLimit, maxLimit));
    }

    public boolean matches(Incident incident) {
        return (statuses.isEmpty() || statuses.contains(incident.getStatus()))
                && (severities.isEmpty() || severities.contains(incident.getSeverity()));
    }

    /** The first {@link #limit()} of {@code summaries}, newest first; one entry per id, its highest version. */
    public List<IncidentSummary> newestFirst(Collection<IncidentSummary> summaries) {
        return summaries.stream()
                .collect(Collectors.toMap(IncidentSummary::id, Function.identity(),
                        (a, b) -> a.version() >= b.version() ? a : b))
                .values().stream()
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .toList();
    }

    private static <E extends Enum<E>> Set<E> values(List<String> parameters, String name, Class<E> type,
                                                     Function<String, E> valueOf) {
        Set<E> values = EnumSet.noneOf(type);
        if (parameters == null) {
            return values;
        }
        List<String> unknown = new ArrayList<>();
        for (String parameter : parameters) {
            for (String part : parameter.split(",")) {
                String symbol = part.trim().toUpperCase(Locale.ROOT);
                if (symbol.isEmpty()) {
                    continue;
                }
                try {
                    values.add(valueOf.apply(symbol));
                } catch (IllegalArgumentException e) {
                    unknown.add(part.trim());
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new InvalidRequestException("unknown " + name + " " + unknown + "; valid: "
                    + List.of(type.getEnumConstants()));
        }
        return values;
    }

    private static int limit(String limit, int defaultLimit, int maxLimit) {
        if (limit == null || limit.isBlank()) {
            return Math.min(defaultLimit, maxLimit);
        }
        int value;
        try {
            value = Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("limit must be a number from 1 to " + maxLimit + ", was '"
                    + limit + "'");
        }
        if (value < 1 || value > maxLimit) {
            throw new InvalidRequestException("limit must be from 1 to " + maxLimit + ", was " + value);
        }
        return value;
    }
}
