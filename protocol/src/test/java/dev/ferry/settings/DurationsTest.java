package dev.ferry.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void aDurationIsSaidInItsTwoLargestUnitsRoundedDown() {
        assertThat(Durations.format(Duration.ofMillis(300))).isEqualTo("300 ms");
        assertThat(Durations.format(Duration.ofMillis(1999))).isEqualTo("1 s");
        assertThat(Durations.format(Duration.ofSeconds(45))).isEqualTo("45 s");
        assertThat(Durations.format(Duration.ofSeconds(185))).isEqualTo("3 min 5 s");
        assertThat(Durations.format(Duration.ofMinutes(30))).isEqualTo("30 min 0 s");
        assertThat(Durations.format(Duration.ofMinutes(127).plusSeconds(59))).isEqualTo("2 h 7 min");
        assertThat(Durations.format(Duration.ofHours(76).plusMinutes(59))).isEqualTo("3 d 4 h");
        assertThat(Durations.format(Duration.ofDays(30))).isEqualTo("30 d 0 h");
    }

    @Test
    void noTimeOrLessReadsAsNone() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0 s");
        assertThat(Durations.format(Duration.ofSeconds(-5))).isEqualTo("0 s");
    }

    @Test
    void whatIsWrittenIsReadBackAsTheSameSpan() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("45M")).isEqualTo(Duration.ofMinutes(45));
        assertThat(Durations.parse(" 12h ")).isEqualTo(Duration.ofHours(12));
        assertThat(Durations.parse("30d")).isEqualTo(Duration.ofDays(30));
        assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(Durations.parse("PT12H")).isEqualTo(Duration.ofHours(12));
        assertThat(Durations.format(Durations.parse("2w"))).isEqualTo("14 d 0 h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "12", "1y", "-5m", "1234567s", "P", "5 m"})
    void anythingElseIsOneLineNamingTheText(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration such as 90s, 45m, 12h, 30d or 2w");
    }
}
