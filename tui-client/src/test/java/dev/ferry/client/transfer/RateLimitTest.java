package dev.ferry.client.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    /** A clock that moves only when the limit sleeps, or when the test says. */
    static final class FakeClock implements RateLimit.Clock {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }
    }

    @Test
    void takingTwiceTheRateInOneGoWaitsTwoSeconds() {
        FakeClock clock = new FakeClock();
        RateLimit limit = new RateLimit(1000, clock);
        limit.took(2000);
        assertThat(clock.sleeps).containsExactly(2_000_000_000L);
    }

    @Test
    void dataArrivingSlowerThanTheRateWaitsOnlyForItsFirstChunk() {
        FakeClock clock = new FakeClock();
        RateLimit limit = new RateLimit(1000, clock);
        for (int i = 0; i < 10; i++) {
            limit.took(100);
            clock.now += 200_000_000L; // 100 bytes every 0.2 s: 500 a second
        }
        assertThat(clock.sleeps).containsExactly(100_000_000L); // the first 100 bytes are due 0.1 s after they began
    }

    @Test
    void aLongPauseSavesNothingUp() {
        FakeClock clock = new FakeClock();
        RateLimit limit = new RateLimit(1000, clock);
        limit.took(1000);
        clock.now += 60_000_000_000L;
        limit.took(3000);
        assertThat(clock.sleeps).containsExactly(1_000_000_000L, 3_000_000_000L);
    }

    @Test
    void noLimitNeverWaits() {
        FakeClock clock = new FakeClock();
        new RateLimit(0, clock).took(Integer.MAX_VALUE);
        assertThat(clock.sleeps).isEmpty();
    }
}
