package dev.ferry.daemon.testing;

import dev.ferry.daemon.shared.NanoClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A daemon's monotonic clock that runs with real time and can also be moved forward at will. */
public final class SettableTicker implements NanoClock {
    private final AtomicLong offset = new AtomicLong();

    @Override
    public long nanoTime() {
        return System.nanoTime() + offset.get();
    }

    /** Moves the clock forward, as if {@code duration} had passed at once. */
    public void advance(Duration duration) {
        offset.addAndGet(duration.toNanos());
    }
}
