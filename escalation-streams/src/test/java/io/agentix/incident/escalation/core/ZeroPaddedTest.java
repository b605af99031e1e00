package io.agentix.incident.escalation.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ZeroPadded} writes what {@code String.format(Locale.ROOT, "%0Nd", value)} writes, for every value. */
class ZeroPaddedTest {

    @ParameterizedTest
    @CsvSource({
            "0, 13, 0000000000000",
            "1, 13, 0000000000001",
            "1764417600000, 13, 1764417600000",
            "9999999999999, 13, 9999999999999",
            "10000000000000, 13, 10000000000000",
            "42, 4, 0042",
            "12345, 4, 12345",
            "7, 1, 7",
            "-5, 4, -005",
            "-12345, 4, -12345"})
    void padsLikeTheFormatter(long value, int width, String expected) {
        assertThat(ZeroPadded.of(value, width)).isEqualTo(expected)
                .isEqualTo(String.format(Locale.ROOT, "%0" + width + "d", value));
    }

    @Test
    void agreesWithTheFormatterOnRandomValuesAndWidths() {
        SplittableRandom random = new SplittableRandom(20261129);
        for (int i = 0; i < 20_000; i++) {
            long value = switch (i % 4) {
                case 0 -> random.nextLong(0, 10_000);
                case 1 -> random.nextLong(0, 10_000_000_000_000L);
                case 2 -> random.nextLong();
                default -> i % 8 == 3 ? Long.MAX_VALUE : Long.MIN_VALUE;
            };
            int width = random.nextInt(1, 21);
            assertThat(ZeroPadded.of(value, width)).as("%d in %d digits", value, width)
                    .isEqualTo(String.format(Locale.ROOT, "%0" + width + "d", value));
        }
    }

    @Test
    void keysSortByNumberWhenTheyFitTheWidth() {
        assertThat(ZeroPadded.of(999, 13)).isLessThan(ZeroPadded.of(1_000, 13));
        assertThat(ZeroPadded.of(1_764_417_600_000L, 13)).isLessThan(ZeroPadded.of(1_764_417_600_001L, 13));
    }

    @Test
    void epochMillisAreThirteenDigits() {
        assertThat(ZeroPadded.epochMillis(0)).isEqualTo("0000000000000");
        assertThat(ZeroPadded.epochMillis(1_764_417_600_000L)).isEqualTo("1764417600000");
        assertThat(ZeroPadded.epochMillis(42)).isEqualTo(String.format(Locale.ROOT, "%013d", 42));
    }

    @Test
    void refusesAWidthBelowOne() {
        assertThatThrownBy(() -> ZeroPadded.of(1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width");
    }
}
