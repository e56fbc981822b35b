package dev.ferry.client.transfer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the file data one direction of a connection moves at or under a rate, as curl's
 * --limit-rate does: the reader waits before it takes more, so the server's sending slows with the
 * socket's window; the sender waits before it sends more. Rates are read by
 * {@link dev.ferry.settings.Rate}.
 * A pause does not save up: after a second or more without data the count starts afresh. Only
 * one thread (the reader, or the sender) calls {@link #took(int)}.
 */
public final class RateLimit {
    /** Time as this limit sees it: a clock and a way to wait on it. */
    public interface Clock {
        long nanoTime();

        void sleepNanos(long nanos);

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) {
                LockSupport.parkNanos(nanos);
            }
        };
    }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final long bytesPerSecond;
    private final Clock clock;
    private long start;
    private long bytes;
    private boolean started;

    public RateLimit(long bytesPerSecond, Clock clock) {
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
    }

    /** A limit of BYTES_PER_SECOND, or none when it is 0. */
    public static RateLimit of(long bytesPerSecond) {
        return new RateLimit(bytesPerSecond, Clock.SYSTEM);
    }

    public boolean limits() {
        return bytesPerSecond > 0;
    }

    /** Counts N bytes taken, and waits until taking them keeps to the rate. */
    public void took(int n) {
        if (bytesPerSecond <= 0) {
            return;
        }
        long now = clock.nanoTime();
        if (!started || now - due() > SECOND) {
            started = true;
            start = now;
            bytes = 0;
        }
        bytes += n;
        for (long wait = due() - now; wait > 0 && !Thread.currentThread().isInterrupted(); wait = due() - now) {
            clock.sleepNanos(wait);
            now = clock.nanoTime();
        }
    }

    /** When the bytes taken so far are due at the rate. */
    private long due() {
        return start + (long) (bytes * (double) SECOND / bytesPerSecond);
    }
}
