package dev.ferry.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateTest {

    @Test
    void plainNumbersAreBytesPerSecond() {
        assertThat(Rate.parse("500")).isEqualTo(500);
        assertThat(Rate.parse(" 1048576 ")).isEqualTo(1_048_576);
    }

    @Test
    void suffixesArePowersOf1024InEitherCase() {
        assertThat(Rate.parse("500K")).isEqualTo(512_000);
        assertThat(Rate.parse("500k")).isEqualTo(512_000);
        assertThat(Rate.parse("10M")).isEqualTo(10L << 20);
        assertThat(Rate.parse("1.5M")).isEqualTo(1_572_864);
        assertThat(Rate.parse("2g")).isEqualTo(2L << 30);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fast", "10MB", "-5K", "0", "0.5", "1e6", "1.K", ".5M", "5 M", "K", "99999999999999999G", "NaN"})
    void anythingElseIsOneLineNamingTheText(String text) {
        assertThatThrownBy(() -> Rate.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a rate such as 500K, 10M or 1048576 (bytes per second)");
    }

    @Test
    void formatsForPeople() {
        assertThat(Rate.format(800)).isEqualTo("800 B/s");
        assertThat(Rate.format(512_000)).isEqualTo("500 KiB/s");
        assertThat(Rate.format(1_572_864)).isEqualTo("1.5 MiB/s");
        assertThat(Rate.format(10L << 20)).isEqualTo("10 MiB/s");
    }
}
