package dev.ferry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyExpiryTest {
    private static final Instant MADE = Instant.parse("2026-12-07T20:00:00Z");

    @Test
    void anExpiryAheadSaysHowLongIsLeftInTheWordsTheClientUses() {
        assertThat(KeyCommands.expiry(MADE.plus(Duration.ofDays(30)), MADE)).isEqualTo("2027-01-06 20:00Z (in 30 d 0 h)");
        assertThat(KeyCommands.expiry(MADE.plus(Duration.ofMinutes(90)), MADE)).isEqualTo("2026-12-07 21:30Z (in 1 h 30 min)");
    }

    @Test
    void anExpiryPassedIsOnlyItsDate() {
        assertThat(KeyCommands.expiry(MADE, MADE.plusSeconds(1))).isEqualTo("2026-12-07 20:00Z");
    }
}
