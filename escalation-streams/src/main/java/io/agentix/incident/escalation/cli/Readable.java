package io.agentix.incident.escalation.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The small pieces every CLI output shares: times in the clock's zone, durations as the console
 * writes them, the response-window state, who a message went to. Pure: the time is the given
 * clock's, so tests pin it.
 */
final class Readable {

    /** Statuses whose response window still matters (the console's "not yet resolved"). */
    static final Set<String> ACTIVE = Set.of("OPEN", "ACKNOWLEDGED", "MITIGATED");

    /** Names listed before "+N more", so that a line to "everyone" stays one line. */
    static final int MAX_NAMES = 3;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Clock clock;

    Readable(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Instant now() {
        return clock.instant();
    }

    /** {@code HH:mm:ss} for today (in the clock's zone), else with the date: an old record must not pass for today's. */
    String time(Instant instant) {
        ZonedDateTime local = instant.atZone(clock.getZone());
        LocalDate today = clock.instant().atZone(clock.getZone()).toLocalDate();
        return local.toLocalDate().equals(today) ? TIME.format(local) : DATE_TIME.format(local);
    }

    /** Always with the date, for the facts of an incident. */
    String dateTime(Instant instant) {
        return DATE_TIME.format(instant.atZone(clock.getZone()));
    }

    /** The console's durations: {@code 2d 3h}, {@code 1h 05m}, {@code 4m 07s}; the sign is dropped. */
    static String duration(Duration duration) {
        long s = Math.abs(duration.toMillis()) / 1000;
        long d = s / 86_400;
        long h = (s % 86_400) / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (d > 0) {
            return d + "d " + h + "h";
        }
        if (h > 0) {
            return h + "h " + String.format("%02dm", m);
        }
        return m + "m " + String.format("%02ds", sec);
    }

    /** How long ago {@code since} was. */
    String age(Instant since) {
        return duration(Duration.between(since, now()));
    }

    /**
     * The response window as the console shows it: {@code 12m 30s left}, {@code OVERDUE 2m 05s}, or
     * {@code -} when none runs or the incident is past responding (resolved, closed, dismissed).
     */
    String timeLeft(Instant dueAt, String status) {
        if (dueAt == null || !ACTIVE.contains(status)) {
            return "-";
        }
        Duration left = Duration.between(now(), dueAt);
        return left.isNegative() ? "OVERDUE " + duration(left) : duration(left) + " left";
    }

    /** An ISO-8601 instant field of the API's JSON, or null when absent or null. */
    static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "' is not an ISO-8601 instant: " + value.asText(), e);
        }
    }

    /** A text field, or {@code fallback} when absent, null or blank. */
    static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isBlank() ? fallback : value.asText();
    }

    /** The strings of an array field (empty when absent). */
    static List<String> strings(JsonNode node, String field) {
        List<String> values = new ArrayList<>();
        JsonNode array = node.get(field);
        if (array != null && array.isArray()) {
            array.forEach(value -> values.add(value.asText()));
        }
        return values;
    }

    /** {@code a, b, c +2 more}: at most {@value #MAX_NAMES} names. */
    static String names(List<String> names) {
        if (names.size() <= MAX_NAMES) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, MAX_NAMES)) + " +" + (names.size() - MAX_NAMES) + " more";
    }

    /** The affected tenants: {@code all tenants} for an all-tenants incident, {@code -} for none known. */
    static String tenants(JsonNode incident) {
        if (incident.path("allTenants").asBoolean(false)) {
            return "all tenants";
        }
        List<String> tenants = strings(incident, "tenants");
        return tenants.isEmpty() ? "-" : names(tenants);
    }

    /**
     * Who a notification (as the API's or {@code AvroJson}'s JSON) goes to, as the engine's timeline
     * says it: {@code on-call (Jonas Weber)}, {@code customers of Acme GmbH (ops@acme.example, it@acme.example)}
     * (a customer contact's name is its tenant's, so its address tells the contacts apart).
     */
    static String addressees(JsonNode notification) {
        List<String> names = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        JsonNode recipients = notification.get("recipients");
        if (recipients != null && recipients.isArray()) {
            recipients.forEach(recipient -> {
                String name = text(recipient, "name", text(recipient, "id", "?"));
                if (!names.contains(name)) {
                    names.add(name);
                }
                emails.add(text(recipient, "email", text(recipient, "id", "?")));
            });
        }
        if ("CUSTOMERS".equals(text(notification, "audience", ""))) {
            return names.isEmpty() ? "customers" : "customers of " + names(names) + " (" + names(emails) + ")";
        }
        String role = text(notification, "recipientRole", "team");
        return names.isEmpty() ? role : role + " (" + names(names) + ")";
    }

    /** {@code PAGE on-call (Jonas Berg): [P1 Critical] Inbox down}: channel, addressees, subject. */
    static String notification(JsonNode notification) {
        return text(notification, "channel", "?") + " " + addressees(notification) + ": "
                + text(notification, "subject", "(no subject)");
    }
}
