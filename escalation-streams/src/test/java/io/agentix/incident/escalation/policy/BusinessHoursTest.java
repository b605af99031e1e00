package io.agentix.incident.escalation.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.agentix.incident.events.Severity;

/** "Next business day" (P4) and "within 5 business days" (post-mortem write-up). */
class BusinessHoursTest {

    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private final BusinessHours hours = new BusinessHours(UTC, WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(17, 0), Set.of());

    @Test
    void fridayEveningIsDueMondayMorning() {
        // 2026-03-27 is a Friday
        assertThat(hours.nextBusinessDayStart(at("2026-03-27T17:30:00Z"))).isEqualTo(at("2026-03-30T09:00:00Z"));
    }

    @Test
    void saturdayAndSundayAreDueMondayMorning() {
        assertThat(hours.nextBusinessDayStart(at("2026-03-28T11:00:00Z"))).isEqualTo(at("2026-03-30T09:00:00Z"));
        assertThat(hours.nextBusinessDayStart(at("2026-03-29T23:59:00Z"))).isEqualTo(at("2026-03-30T09:00:00Z"));
    }

    @Test
    void earlyMondayIsDueTuesdayMorningTheNextDay() {
        assertThat(hours.nextBusinessDayStart(at("2026-03-30T08:00:00Z"))).isEqualTo(at("2026-03-31T09:00:00Z"));
    }

    @Test
    void businessTimeIsWeekdaysFromStartUntilEnd() {
        assertThat(hours.isBusinessTime(at("2026-03-30T09:00:00Z"))).isTrue();
        assertThat(hours.isBusinessTime(at("2026-03-30T16:59:59Z"))).isTrue();
        assertThat(hours.isBusinessTime(at("2026-03-30T08:59:59Z"))).isFalse();
        assertThat(hours.isBusinessTime(at("2026-03-30T17:00:00Z"))).isFalse();
        assertThat(hours.isBusinessTime(at("2026-03-28T12:00:00Z"))).isFalse();
    }

    @Test
    void fiveBusinessDaysSpanAWeekend() {
        // Wednesday 10:00 + 5 business days = Thu, Fri, Mon, Tue, Wed
        assertThat(hours.plusBusinessDays(at("2026-03-25T10:00:00Z"), 5)).isEqualTo(at("2026-04-01T10:00:00Z"));
        // Friday + 5 = next Friday
        assertThat(hours.plusBusinessDays(at("2026-03-27T17:30:00Z"), 5)).isEqualTo(at("2026-04-03T17:30:00Z"));
    }

    @Test
    void businessDaysFromAWeekendStartCountingOnMonday() {
        assertThat(hours.plusBusinessDays(at("2026-03-28T10:00:00Z"), 1)).isEqualTo(at("2026-03-30T10:00:00Z"));
        assertThat(hours.plusBusinessDays(at("2026-03-28T10:00:00Z"), 0)).isEqualTo(at("2026-03-28T10:00:00Z"));
    }

    @Test
    void holidaysAreSkipped() {
        // Good Friday 2026-04-03 and Easter Monday 2026-04-06
        BusinessHours easter = new BusinessHours(UTC, WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(17, 0),
                Set.of(LocalDate.parse("2026-04-03"), LocalDate.parse("2026-04-06")));

        assertThat(easter.isBusinessDay(LocalDate.parse("2026-04-03"))).isFalse();
        assertThat(easter.isBusinessTime(at("2026-04-06T10:00:00Z"))).isFalse();
        assertThat(easter.nextBusinessDayStart(at("2026-04-02T17:30:00Z"))).isEqualTo(at("2026-04-07T09:00:00Z"));
        // Wed 04-01 + 5: Thu 04-02, Tue 04-07, Wed 04-08, Thu 04-09, Fri 04-10
        assertThat(easter.plusBusinessDays(at("2026-04-01T10:00:00Z"), 5)).isEqualTo(at("2026-04-10T10:00:00Z"));
    }

    @Test
    void daysAndHoursAreReadInThePolicyZoneAcrossDaylightSaving() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        BusinessHours berlinHours = new BusinessHours(berlin, WEEKDAYS, LocalTime.of(9, 0), LocalTime.of(17, 0), Set.of());

        // Friday 17:30 in Berlin (CET, UTC+1); clocks go forward on Sunday 2026-03-29; Monday 09:00 CEST = 07:00Z
        assertThat(berlinHours.nextBusinessDayStart(at("2026-03-27T16:30:00Z"))).isEqualTo(at("2026-03-30T07:00:00Z"));
        // Friday 23:30Z is already Saturday in Berlin: still Monday
        assertThat(berlinHours.nextBusinessDayStart(at("2026-03-27T23:30:00Z"))).isEqualTo(at("2026-03-30T07:00:00Z"));
        assertThat(berlinHours.isBusinessTime(at("2026-03-30T07:00:00Z"))).isTrue();
    }

    @Test
    void responseDeadlineUsesTheResponseTimeOrTheNextBusinessDay() {
        Policy policy = PolicyLoader.shipped();
        Instant friday = at("2026-03-27T17:30:00Z");

        assertThat(policy.responseDeadline(Severity.P1, friday)).isEqualTo(friday.plus(Duration.ofMinutes(15)));
        assertThat(policy.responseDeadline(Severity.P2, friday)).isEqualTo(friday.plus(Duration.ofHours(1)));
        assertThat(policy.responseDeadline(Severity.P3, friday)).isEqualTo(friday.plus(Duration.ofHours(4)));
        assertThat(policy.responseDeadline(Severity.P4, friday)).isEqualTo(at("2026-03-30T09:00:00Z"));
    }

    @Test
    void aCalendarWithoutDaysOrWithEndBeforeStartIsRefused() {
        assertThatThrownBy(() -> new BusinessHours(UTC, Set.of(), LocalTime.of(9, 0), LocalTime.of(17, 0), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BusinessHours(UTC, WEEKDAYS, LocalTime.of(17, 0), LocalTime.of(9, 0), Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> hours.plusBusinessDays(at("2026-03-27T17:30:00Z"), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }
}
