package dev.ferry.daemon.bandwidth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pacer's arithmetic, on a clock the test moves. */
class PacerTest {
    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    long now = 1_000_000_000L;

    /** Sends as much as the pacer grants, in chunks of {@code chunk}, polling every millisecond for {@code millis}. */
    static long drain(Pacer pacer, PacerTest clock, int chunk, int millis) {
        long sent = 0;
        for (int i = 0; i < millis; i++) {
            clock.now += MS;
            for (int granted = pacer.grant(chunk); granted > 0; granted = pacer.grant(chunk)) {
                sent += granted;
            }
        }
        return sent;
    }

    @Test
    void noLimitGrantsEverythingAtOnce() {
        Pacer pacer = new Bandwidth(0, 0, () -> now).pacer();
        assertThat(pacer.grant(4 << 20)).isEqualTo(4 << 20);
        assertThat(pacer.nanosUntilGrant(4 << 20)).isZero();
    }

    @Test
    void aClientIsHeldToItsRateWhateverItsChunkSize() {
        Pacer pacer = new Bandwidth(1 << 20, 0, () -> now).pacer();
        long sent = drain(pacer, this, 1 << 20, 10_000);
        // ten seconds at 1 MiB/s, plus at most the first burst (a tenth of a second)
        assertThat(sent).isBetween(10L << 20, (10L << 20) + (1 << 20) / 10 + Pacer.MIN_GRANT);
    }

    @Test
    void aPauseIsNotMadeUpForWithABurst() {
        Pacer pacer = new Bandwidth(1 << 20, 0, () -> now).pacer();
        drain(pacer, this, 1 << 20, 1_000);
        now += TimeUnit.SECONDS.toNanos(30);
        int burst = pacer.grant(1 << 20);
        assertThat(burst).isLessThanOrEqualTo((1 << 20) / 10);
        assertThat(pacer.grant(1 << 20)).isZero();
        assertThat(pacer.nanosUntilGrant(1 << 20)).isBetween(7 * MS, 8 * MS); // 8 KiB at 1 MiB/s: 7.8 ms
    }

    @Test
    void twoClientsUnderATotalShareItEquallyAndOneAloneTakesAll() {
        Bandwidth bandwidth = new Bandwidth(0, 2 << 20, () -> now);
        Pacer first = bandwidth.pacer();
        Pacer second = bandwidth.pacer();
        long a = 0;
        long b = 0;
        for (int i = 0; i < 5_000; i++) {
            now += MS;
            for (int g = first.grant(1 << 20); g > 0; g = first.grant(1 << 20)) {
                a += g;
            }
            for (int g = second.grant(64 << 10); g > 0; g = second.grant(64 << 10)) {
                b += g;
            }
        }
        // five seconds at 1 MiB/s each, whatever their chunk sizes
        assertThat(a).isBetween(5L << 20, (5L << 20) + (256 << 10));
        assertThat(b).isBetween(5L << 20, (5L << 20) + (256 << 10));

        second.close();
        assertThat(drain(first, this, 1 << 20, 1_000)).as("alone, the whole total")
                .isBetween(2L << 20, (2L << 20) + (256 << 10));
    }

    @Test
    void aClientThatStopsAskingLeavesItsShareAfterAMoment() {
        Bandwidth bandwidth = new Bandwidth(0, 2 << 20, () -> now);
        Pacer first = bandwidth.pacer();
        Pacer second = bandwidth.pacer();
        first.grant(1);
        second.grant(1);
        now += Bandwidth.ACTIVE + MS;
        // only the first asks from now on: its rate is the whole total
        assertThat(drain(first, this, 1 << 20, 2_000)).isBetween((4L << 20) - (256 << 10), (4L << 20) + (256 << 10));
    }

    @Test
    void theLowerOfTheClientsLimitAndItsShareApplies() {
        Bandwidth bandwidth = new Bandwidth(512 << 10, 4 << 20, () -> now);
        Pacer pacer = bandwidth.pacer();
        assertThat(drain(pacer, this, 1 << 20, 4_000)).isBetween(2L << 20, (2L << 20) + (64 << 10));
    }
}
