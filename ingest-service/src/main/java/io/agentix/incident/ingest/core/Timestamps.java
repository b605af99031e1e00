package io.agentix.incident.ingest.core;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Time formats the senders use: ISO-8601 with 0, 3 or 6 fraction digits and {@code Z} or an
 * offset (Sentry {@code 2019-08-19T20:58:37.391000Z}, BetterStack {@code ...28.151Z}); a naive
 * ISO time without zone (taken as UTC); epoch seconds as float (Sentry {@code event.timestamp}) or
 * as a decimal string (the {@code Sentry-Hook-Timestamp} header).
 */
public final class Timestamps {

    private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(Instant.MAX.getEpochSecond());

    private Timestamps() {
    }

    /** @throws IllegalArgumentException naming the text when it is no known format */
    public static Instant parse(String text) {
        String t = text.trim();
        Instant common = parseCommonIso(t);
        if (common != null) {
            return common;
        }
        if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.charAt(0) == '-') && t.indexOf('T') < 0 && t.indexOf('-', 1) < 0) {
            try {
                return fromEpochSeconds(new BigDecimal(t));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a timestamp: '" + text + "'", e);
            }
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException offsetMissing) {
            try {
                return Instant.parse(t + "Z");
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 timestamp: '" + text + "'", e);
            }
        }
    }

    /**
     * Epoch seconds with an optional fraction; milliseconds and below kept to the nanosecond.
     *
     * @throws IllegalArgumentException when the value lies outside what an {@link Instant} holds
     */
    public static Instant fromEpochSeconds(BigDecimal seconds) {
        // Checked before toBigInteger(): a short text such as 1e99999999 would otherwise expand to a
        // hundred-million-digit integer and hold the request thread for minutes.
        if (seconds.abs().compareTo(MAX_EPOCH_SECONDS) > 0) {
            throw new IllegalArgumentException("epoch seconds out of range: " + seconds);
        }
        if (seconds.precision() - seconds.scale() < -9) {
            // Below a nanosecond (1e-99999999 included): rounding that the long way divides by 10^scale.
            return Instant.EPOCH;
        }
        BigDecimal whole = new BigDecimal(seconds.toBigInteger());
        long nanos = seconds.subtract(whole).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    /**
     * The shape nearly every sender writes, {@code 2026-03-09T14:21:07.137000Z} (0 to 9 fraction
     * digits, {@code Z} or {@code ±HH:MM}), read without {@code DateTimeFormatter}, which took about
     * 4% of the ingest service's CPU per Sentry event. Null for anything else, including every
     * doubtful or invalid value, which {@link #parse(String)} then reads the general way, so both
     * give the same instant or the same complaint.
     */
    static Instant parseCommonIso(String t) {
        int n = t.length();
        if (n < 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int i = 19;
        long nanos = 0;
        if (t.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(t.charAt(i))) {
                nanos = nanos * 10 + (t.charAt(i) - '0');
                i++;
            }
            int fractionDigits = i - start;
            if (fractionDigits == 0 || i < n && isDigit(t.charAt(i))) {
                return null;
            }
            for (int d = fractionDigits; d < 9; d++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && t.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (t.charAt(i) == '+' || t.charAt(i) == '-') && t.charAt(i + 3) == ':') {
            int offsetHours = digits(t, i + 1, 2);
            int offsetMinutes = digits(t, i + 4, 2);
            if ((offsetHours | offsetMinutes) < 0 || offsetHours > 17 || offsetMinutes > 59) {
                return null;
            }
            offsetSeconds = (t.charAt(i) == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException invalidDate) {
            return null;
        }
        long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** The non-negative number written by {@code count} ASCII digits at {@code from}, else -1. */
    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
