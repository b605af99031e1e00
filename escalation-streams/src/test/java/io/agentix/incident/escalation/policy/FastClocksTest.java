package io.agentix.incident.escalation.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.agentix.incident.events.Severity;

/** Every policy duration divided by N: the shipped policy at N=60 against the runbook's figures / 60. */
class FastClocksTest {

    private final Policy real = PolicyLoader.shipped();
    private final Policy fast = FastClocks.apply(real, 60);

    @Test
    void responseTimesAreDividedAndNextBusinessDayStaysACalendarRule() {
        assertThat(fast.severity(Severity.P1).responseTime()).contains(Duration.ofSeconds(15)); // 15m
        assertThat(fast.severity(Severity.P2).responseTime()).contains(Duration.ofMinutes(1)); // 1h
        assertThat(fast.severity(Severity.P3).responseTime()).contains(Duration.ofMinutes(4)); // 4h
        assertThat(fast.severity(Severity.P4).responseTime()).isEmpty(); // next business day
    }

    @Test
    void communicationTimingIsDivided() {
        CommunicationPolicy p1 = fast.severity(Severity.P1).communication().orElseThrow();
        assertThat(p1.initialNoticeWithin()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p1.updateEvery()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p1.reminderBefore()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p1.resolutionNotice()).isTrue();
        assertThat(p1.resolutionNoticeWithin()).as("immediately stays immediately").isZero();
        CommunicationPolicy p2 = fast.severity(Severity.P2).communication().orElseThrow();
        assertThat(p2.initialNoticeWithin()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p2.resolutionNoticeWithin()).isEqualTo(Duration.ofMinutes(1));
        assertThat(fast.severity(Severity.P3).communication()).isEmpty();
    }

    @Test
    void windowsAndPostmortemMeetingAreDividedBusinessDaysCountStays() {
        assertThat(fast.correlationWindow()).isEqualTo(Duration.ofSeconds(15));
        assertThat(fast.verificationWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fast.recentDeployWindow()).isEqualTo(Duration.ofMinutes(2));
        PostmortemPolicy p1 = fast.severity(Severity.P1).postmortem();
        assertThat(p1.required()).isTrue();
        assertThat(p1.meetingWithin()).contains(Duration.ofMinutes(48));
        assertThat(p1.writeupWithinBusinessDays()).isEqualTo(OptionalInt.of(5));
        assertThat(fast.businessHours().clockDivisor()).isEqualTo(60);
    }

    @Test
    void everythingElseIsTheSamePolicy() {
        assertThat(fast.severity(Severity.P1).escalateTo()).contains("cto");
        assertThat(fast.severity(Severity.P1).alsoNotify()).isEqualTo(real.severity(Severity.P1).alsoNotify());
        assertThat(fast.people()).isEqualTo(real.people());
        assertThat(fast.components()).isEqualTo(real.components());
        assertThat(fast.tenants()).isEqualTo(real.tenants());
        assertThat(fast.templates()).isSameAs(real.templates());
        assertThat(fast.declaredVersion()).isEqualTo(real.declaredVersion());
        assertThat(fast.businessHours().withClockDivisor(1)).isEqualTo(real.businessHours());
    }

    @Test
    void theVersionSaysTheClocksRunFast() {
        assertThat(fast.version()).isEqualTo(real.version() + "/fast60");
        assertThat(FastClocks.factorOf(fast)).isEqualTo(60);
        assertThat(FastClocks.factorOf(real)).isEqualTo(1);
    }

    @Test
    void factorOneIsThePolicyUnchanged() {
        assertThat(FastClocks.apply(real, 1)).isSameAs(real);
    }

    @Test
    void factorsOutOfRangeAndDoubleApplicationAreRefused() {
        assertThatThrownBy(() -> FastClocks.apply(real, 0))
                .hasMessage("fastClocks must be a whole number from 1 (real time) to 3600, was 0");
        assertThatThrownBy(() -> FastClocks.apply(real, 3601)).hasMessageContaining("was 3601");
        assertThatThrownBy(() -> FastClocks.apply(fast, 2))
                .hasMessage("policy " + fast.version() + " already runs on fast clocks");
    }

    @Test
    void divisionIsInWholeMillisecondsRoundedDownAndNeverCollapsesToZero() {
        assertThat(FastClocks.divide(Duration.ofMinutes(15), 7)).isEqualTo(Duration.ofMillis(128_571));
        assertThat(FastClocks.divide(Duration.ofSeconds(1), 3600)).isEqualTo(Duration.ofMillis(1));
        assertThat(FastClocks.divide(Duration.ofMillis(1), 2)).isEqualTo(Duration.ofMillis(1));
        assertThat(FastClocks.divide(Duration.ZERO, 60)).isZero();
        assertThat(FastClocks.divide(Duration.ofHours(1), 1)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void clockCheckIntervalIsATenthOfTheShortestDurationUnderFastClocks() {
        // shortest positive duration of the runbook: the 5 minute reminder lead, 5 s at N=60
        assertThat(FastClocks.clockCheckInterval(fast, Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(500));
        assertThat(FastClocks.clockCheckInterval(fast, Duration.ofMillis(200))).as("a shorter configured one stays")
                .isEqualTo(Duration.ofMillis(200));
        assertThat(FastClocks.clockCheckInterval(FastClocks.apply(real, 2), Duration.ofSeconds(1)))
                .as("2.5 minutes / 10 is longer than the configured second").isEqualTo(Duration.ofSeconds(1));
        assertThat(FastClocks.clockCheckInterval(FastClocks.apply(real, 3600), Duration.ofSeconds(1)))
                .as("5 minutes / 3600 = 83 ms, a tenth of it").isEqualTo(Duration.ofNanos(8_300_000));
        assertThat(FastClocks.clockCheckInterval(real, Duration.ofSeconds(7))).as("real time: as configured")
                .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void businessDayRulesScaleTheCalendarSpanFromTheirStart() {
        BusinessHours hours = new BusinessHours(ZoneId.of("UTC"), EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                LocalTime.of(9, 0), LocalTime.of(17, 0), Set.of()).withClockDivisor(60);
        Instant fridayEvening = Instant.parse("2026-03-27T17:30:00Z");
        // Friday 17:30 -> Monday 09:00 is 63.5 hours on the calendar: 63.5 minutes at N=60
        assertThat(hours.nextBusinessDayStart(fridayEvening)).isEqualTo(fridayEvening.plus(Duration.ofMinutes(63).plusSeconds(30)));
        Instant wednesday = Instant.parse("2026-03-25T10:00:00Z");
        // Wednesday + 5 business days = next Wednesday, 7 calendar days: 168 minutes at N=60
        assertThat(hours.plusBusinessDays(wednesday, 5)).isEqualTo(wednesday.plus(Duration.ofMinutes(168)));
        assertThat(hours.plusBusinessDays(wednesday, 0)).isEqualTo(wednesday);
    }

    @Test
    void aP4IsDueTheScaledNextBusinessDay() {
        Instant saturdayNoon = Instant.parse("2026-11-28T12:00:00Z");
        Instant realDue = real.responseDeadline(Severity.P4, saturdayNoon);

        Instant fastDue = fast.responseDeadline(Severity.P4, saturdayNoon);

        assertThat(Duration.between(saturdayNoon, fastDue)).isEqualTo(Duration.between(saturdayNoon, realDue).dividedBy(60));
        assertThat(fast.responseDeadline(Severity.P1, saturdayNoon)).isEqualTo(saturdayNoon.plusSeconds(15));
        assertThat(fastDue).isBefore(realDue);
    }
}
