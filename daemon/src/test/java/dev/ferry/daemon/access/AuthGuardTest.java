package dev.ferry.daemon.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.SettableTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthGuardTest {
    final SettableTicker ticker = new SettableTicker();
    final AuthGuard guard = new AuthGuard(ticker::nanoTime, Duration.ofSeconds(1));

    @Test
    void theTenthFailureWithinTenMinutesLocksTheAddressOutForTenMinutes() {
        for (int i = 1; i < AuthGuard.MAX_FAILURES; i++) {
            AuthGuard.Failure failure = guard.failed("127.0.0.2");
            assertThat(failure.recent()).isEqualTo(i);
            assertThat(failure.lockedOut()).isFalse();
            assertThat(failure.pause()).isEqualTo(Duration.ofSeconds(1));
            ticker.advance(Duration.ofSeconds(50));
        }
        assertThat(guard.lockedFor("127.0.0.2")).isZero();

        assertThat(guard.failed("127.0.0.2").lockedOut()).isTrue();
        assertThat(guard.lockedFor("127.0.0.2")).isGreaterThan(Duration.ofMinutes(9));
        assertThat(guard.lockedFor("127.0.0.1")).isZero();

        ticker.advance(AuthGuard.LOCKOUT.minusSeconds(1));
        assertThat(guard.lockedFor("127.0.0.2")).isPositive();
        ticker.advance(Duration.ofSeconds(2));
        assertThat(guard.lockedFor("127.0.0.2")).isZero();
        assertThat(guard.failed("127.0.0.2").recent()).as("the slate is clean after a lockout").isEqualTo(1);
    }

    @Test
    void failuresSpreadOverMoreThanTheWindowNeverLockOut() {
        for (int i = 0; i < 50; i++) {
            assertThat(guard.failed("10.0.0.7").lockedOut()).isFalse();
            ticker.advance(Duration.ofSeconds(67)); // the first and the tenth of any ten lie more than ten minutes apart
        }
        assertThat(guard.lockedFor("10.0.0.7")).isZero();
    }

    @Test
    void aGoodKeyForgivesEarlierFailuresButNotALockout() {
        for (int i = 0; i < AuthGuard.MAX_FAILURES - 1; i++) {
            guard.failed("127.0.0.3");
        }
        guard.succeeded("127.0.0.3");
        assertThat(guard.failed("127.0.0.3").recent()).isEqualTo(1);

        for (int i = 0; i < AuthGuard.MAX_FAILURES; i++) {
            guard.failed("127.0.0.4");
        }
        guard.succeeded("127.0.0.4");
        assertThat(guard.lockedFor("127.0.0.4")).isPositive();
    }

    @Test
    void failuresFromManyAddressesCostBoundedMemory() {
        for (int i = 0; i < AuthGuard.MAX_ADDRESSES * 3; i++) {
            guard.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertThat(guard.remembered()).isEqualTo(AuthGuard.MAX_ADDRESSES);
    }
}
