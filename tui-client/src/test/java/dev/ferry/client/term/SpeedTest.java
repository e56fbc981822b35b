package dev.ferry.client.term;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class SpeedTest {
    static long seconds(double s) {
        return (long) (s * TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void speedIsMeasuredFromTheDownloadsOwnFirstByte() {
        Speed speed = new Speed();
        speed.started(seconds(30), 0);
        speed.progress(seconds(32), 2_000, 10_000);
        assertThat(speed.rate(seconds(32), 2_000)).isCloseTo(1_000, within(1e-6));
        assertThat(speed.secondsLeft(seconds(32), 2_000, 10_000)).isEqualTo(8);
    }

    @Test
    void aFinishedDownloadKeepsTheSpeedItHadWhenItsLastByteCameIn() {
        Speed speed = new Speed();
        speed.started(seconds(1), 0);
        speed.progress(seconds(1.5), 1_000, 1_000);
        assertThat(speed.done()).isTrue();
        assertThat(speed.rate(seconds(60), 1_000)).isCloseTo(2_000, within(1e-6));
        assertThat(speed.elapsedNanos(seconds(60))).isEqualTo(seconds(0.5));
    }

    @Test
    void resumedBytesDoNotCountAsSpeed() {
        Speed speed = new Speed();
        speed.started(0, 9_000);
        assertThat(speed.rate(seconds(1), 10_000)).isCloseTo(1_000, within(1e-6));
    }

    @Test
    void beforeItStartsOrWithinAMillisecondThereIsNoSpeedToShow() {
        Speed speed = new Speed();
        assertThat(speed.rate(seconds(5), 0)).isEqualTo(-1);
        speed.started(seconds(5), 0);
        speed.progress(seconds(5) + 1_000, 21, 21);
        assertThat(speed.rate(seconds(9), 21)).isEqualTo(-1);
        assertThat(speed.secondsLeft(seconds(9), 21, 21)).isEqualTo(-1);
    }
}
