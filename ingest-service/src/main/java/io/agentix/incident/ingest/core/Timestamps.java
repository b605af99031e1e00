package io.agentix.incident.ingest.core;

import java.math.BigDecimal;
import java.time.Instant;
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
}
