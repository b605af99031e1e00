package io.agentix.incident.escalation.policy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The team's working days and hours in the policy's time zone: "next business day" (P4 response) and
 * "5 business days" (post-mortem write-up) are computed here.
 *
 * @param zone the zone days and hours are read in
 * @param days working days of the week
 * @param start start of the working day
 * @param end end of the working day (exclusive)
 * @param holidays dates that are not business days even when their weekday is
 * @param clockDivisor 1 normally; N under fast clocks ({@link FastClocks}): a business-day deadline is
 *     then the calendar's span from the starting instant divided by N (Friday 17:30 + "next business
 *     day" is 63.5 hours on the calendar, 63.5 minutes at N=60), so the rules keep their proportions
 */
public record BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end, Set<LocalDate> holidays,
                            int clockDivisor) {

    /** Ten years of days without a business day means the calendar is broken, not that we should wait. */
    private static final int MAX_DAYS_SCANNED = 3660;

    public BusinessHours {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("business hours need at least one day");
        }
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("business hours start " + start + " is not before end " + end);
        }
        days = Set.copyOf(EnumSet.copyOf(days));
        holidays = Set.copyOf(holidays);
        if (clockDivisor < 1) {
            throw new IllegalArgumentException("clockDivisor must be at least 1, was " + clockDivisor);
        }
    }

    /** Real time: the calendar as it is. */
    public BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime start, LocalTime end, Set<LocalDate> holidays) {
        this(zone, days, start, end, holidays, 1);
    }

    /** The same calendar with business-day spans divided by {@code divisor} (see {@link FastClocks}). */
    public BusinessHours withClockDivisor(int divisor) {
        return new BusinessHours(zone, days, start, end, holidays, divisor);
    }

    /** True when the date is a working weekday and not a holiday. */
    public boolean isBusinessDay(LocalDate date) {
        return days.contains(date.getDayOfWeek()) && !holidays.contains(date);
    }

    /** True when the instant falls on a business day between start (inclusive) and end (exclusive). */
    public boolean isBusinessTime(Instant instant) {
        ZonedDateTime local = instant.atZone(zone);
        LocalTime time = local.toLocalTime();
        return isBusinessDay(local.toLocalDate()) && !time.isBefore(start) && time.isBefore(end);
    }

    /**
     * Start of the first business day after the instant's local date: the runbook's "next business day"
     * for a P4 (Friday 17:30 -> Monday 09:00; Monday 08:00 -> Tuesday 09:00, the next day, not the same
     * morning).
     */
    public Instant nextBusinessDayStart(Instant instant) {
        LocalDate date = nextBusinessDay(instant.atZone(zone).toLocalDate());
        return compressed(instant, ZonedDateTime.of(date, start, zone).toInstant());
    }

    /**
     * The same local time {@code businessDays} business days later, counting only business days
     * (Wednesday 10:00 + 5 = next Wednesday 10:00; Saturday 10:00 + 1 = Monday 10:00). Zero returns the
     * instant unchanged.
     */
    public Instant plusBusinessDays(Instant instant, int businessDays) {
        if (businessDays < 0) {
            throw new IllegalArgumentException("businessDays must not be negative: " + businessDays);
        }
        if (businessDays == 0) {
            return instant;
        }
        ZonedDateTime local = instant.atZone(zone);
        LocalDate date = local.toLocalDate();
        for (int i = 0; i < businessDays; i++) {
            date = nextBusinessDay(date);
        }
        return compressed(instant, ZonedDateTime.of(date, local.toLocalTime(), zone).toInstant());
    }

    /** {@code from} plus the calendar span to {@code calendarAt} divided by the clock divisor. */
    private Instant compressed(Instant from, Instant calendarAt) {
        if (clockDivisor == 1) {
            return calendarAt;
        }
        return from.plus(FastClocks.divide(Duration.between(from, calendarAt), clockDivisor));
    }

    private LocalDate nextBusinessDay(LocalDate after) {
        LocalDate date = after;
        for (int i = 0; i < MAX_DAYS_SCANNED; i++) {
            date = date.plusDays(1);
            if (isBusinessDay(date)) {
                return date;
            }
        }
        throw new IllegalStateException("no business day within " + MAX_DAYS_SCANNED + " days after " + after);
    }
}
