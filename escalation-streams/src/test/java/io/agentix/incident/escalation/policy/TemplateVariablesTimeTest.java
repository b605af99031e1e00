package io.agentix.incident.escalation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** {@link TemplateVariables#time} writes exactly what the "yyyy-MM-dd HH:mm zzz" formatter writes. */
class TemplateVariablesTimeTest {

    private static final DateTimeFormatter FORMATTER = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ROOT);

    // Daylight saving in both hemispheres, a half-hour shift (Lord Howe), Ireland's "negative" daylight
    // saving, a zone that dropped it (Sao Paulo), plain offsets and UTC under its names.
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"),
            ZoneId.of("Australia/Lord_Howe"), ZoneId.of("Europe/Dublin"), ZoneId.of("America/Sao_Paulo"),
            ZoneId.of("Asia/Kolkata"), ZoneId.of("UTC"), ZoneId.of("Etc/GMT+5"), ZoneOffset.UTC,
            ZoneOffset.ofHoursMinutes(5, 30), ZoneId.of("GMT+02:00"));

    @Test
    void agreesWithTheFormatterOnRandomTimesInManyZones() {
        Random random = new Random(20261130);
        long from = Instant.parse("1970-01-01T00:00:00Z").getEpochSecond();
        long to = Instant.parse("2100-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(from + (long) (random.nextDouble() * (to - from)));
            ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
            assertThat(TemplateVariables.time(instant, zone)).as("%s in %s", instant, zone)
                    .isEqualTo(FORMATTER.format(instant.atZone(zone)));
        }
    }

    @Test
    void agreesAroundTheDaylightSavingSwitches() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant spring = Instant.parse("2026-03-29T00:59:00Z");
        Instant autumn = Instant.parse("2026-10-25T00:59:00Z");
        for (Instant switchAt : List.of(spring, autumn)) {
            for (int minutes = -2; minutes <= 2; minutes++) {
                Instant instant = switchAt.plusSeconds(60L * minutes);
                assertThat(TemplateVariables.time(instant, berlin)).isEqualTo(FORMATTER.format(instant.atZone(berlin)));
            }
        }
        assertThat(TemplateVariables.time(Instant.parse("2026-03-15T14:30:00Z"), berlin)).isEqualTo("2026-03-15 15:30 CET");
        assertThat(TemplateVariables.time(Instant.parse("2026-07-15T14:30:00Z"), berlin)).isEqualTo("2026-07-15 16:30 CEST");
        assertThat(TemplateVariables.time(Instant.parse("2026-03-15T14:30:00Z"), ZoneOffset.UTC)).isEqualTo("2026-03-15 14:30 Z");
    }

    @Test
    void leavesYearsOutsideFourDigitsToTheFormatter() {
        for (String text : List.of("0999-12-31T23:59:00Z", "-0044-03-15T12:00:00Z", "+10000-01-01T00:00:00Z")) {
            Instant instant = Instant.parse(text);
            assertThat(TemplateVariables.time(instant, ZoneOffset.UTC)).isEqualTo(FORMATTER.format(instant.atZone(ZoneOffset.UTC)));
        }
    }
}
