package io.agentix.incident.ingest.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-03-09T14:21:07.137000Z", // Sentry
        "2026-03-09T14:21:07.137Z", // BetterStack
        "2026-03-09T14:21:07Z",
        "2026-03-09T14:21:07.123456789Z",
        "2026-03-09T14:21:07.1Z",
        "2026-03-09T16:21:07.137+02:00",
        "2026-03-09T09:51:07-04:30",
        "2026-03-09T14:21:07-00:00",
        "2024-02-29T23:59:59.999999999Z",
        "1970-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59+17:59",
    })
    void theCommonShapeIsReadWithoutTheFormatterAndAsTheFormatterReadsIt(String text) {
        assertThat(Timestamps.parseCommonIso(text)).isNotNull().isEqualTo(OffsetDateTime.parse(text).toInstant());
        assertThat(Timestamps.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-03-09t14:21:07Z", // lower-case T: the formatter's own rules decide
        "2026-03-09T14:21:07z",
        "2026-03-09T14:21:07+18:00", // the largest offset there is
        "2026-03-09T14:21:07+02:00:30", // offset with seconds
        "2026-03-09T14:21Z", // no seconds
        "2026-03-09T14:21:07.Z", // a point without digits
        "2026-03-09T14:21:07.1234567891Z", // ten fraction digits
        "2026-02-30T14:21:07Z", // no such day
        "2025-02-29T00:00:00Z", // not a leap year
        "2026-13-09T14:21:07Z",
        "2026-03-09T24:00:00Z",
        "2026-03-09T14:60:07Z",
        "2026-03-09T14:21:60Z", // leap second
        "2026-03-09T14:21:07+19:00",
        "2026-03-09T14:21:07+02:60",
        "2026-03-09T14:21:07",
        "2026-03-09 14:21:07Z",
        "+2026-03-09T14:21:07Z",
        "2026-03-09T14:21:07Z ",
        "2026-03-09T14:2a:07Z",
        "2026-03-09T14:21:07.1x3Z",
        "2026-03-09T14:21:07+02-00",
    })
    void everythingElseIsLeftToTheFormatter(String text) {
        assertThat(Timestamps.parseCommonIso(text)).isNull();
    }

    @Test
    void aRandomSampleOfTheCommonShapeAgreesWithTheFormatter() {
        Random random = new Random(20261129);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L); // years 1 to 9999
            int fractionDigits = random.nextInt(10);
            int nanos = fractionDigits == 0 ? 0 : random.nextInt(1_000_000_000);
            int offsetMinutes = random.nextInt(4) == 0 ? 0 : random.nextInt(-17 * 60 - 59, 17 * 60 + 60);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
            OffsetDateTime time = Instant.ofEpochSecond(seconds, nanos).atOffset(offset);
            if (time.getYear() < 0 || time.getYear() > 9999) {
                continue;
            }
            String fraction = fractionDigits == 0 ? ""
                    : "." + String.format("%09d", time.getNano()).substring(0, fractionDigits);
            String zone = offsetMinutes == 0 && random.nextBoolean() ? "Z"
                    : (offsetMinutes < 0 ? "-" : "+") + String.format("%02d:%02d", Math.abs(offsetMinutes) / 60,
                            Math.abs(offsetMinutes) % 60);
            String text = String.format("%04d-%02d-%02dT%02d:%02d:%02d", time.getYear(), time.getMonthValue(),
                    time.getDayOfMonth(), time.getHour(), time.getMinute(), time.getSecond()) + fraction + zone;

            assertThat(Timestamps.parseCommonIso(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
        }
    }

    @Test
    void theOtherFormatsStillParse() {
        assertThat(Timestamps.parse("2026-03-09t14:21:07z")).isEqualTo(Instant.parse("2026-03-09T14:21:07Z"));
        assertThat(Timestamps.parse("2026-03-09T14:21:07.5")).isEqualTo(Instant.parse("2026-03-09T14:21:07.5Z"));
        assertThat(Timestamps.parse("2026-03-09T14:21:07+18:00")).isEqualTo(Instant.parse("2026-03-08T20:21:07Z"));
        assertThat(Timestamps.parse(" 1773066067.512 ")).isEqualTo(Instant.parse("2026-03-09T14:21:07.512Z"));
    }

    @Test
    void anInvalidTimeIsStillRefusedWithTheText() {
        assertThatThrownBy(() -> Timestamps.parse("2026-02-30T14:21:07Z"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'2026-02-30T14:21:07Z'")
                .hasCauseInstanceOf(DateTimeParseException.class);
    }
}
