package dev.ferry.daemon.bandwidth;

import dev.ferry.daemon.shared.NanoClock;

/**
 * One connection's token bucket for file data: its writer asks {@link #grant} for the bytes of
 * the next chunk and sends only what is granted; granted nothing, it goes idle and comes back
 * after {@link #nanosUntilGrant} (control frames are never paced, and the session's reader never
 * waits here). Tokens flow in at the rate {@link Bandwidth} gives the connection, recomputed at
 * every call, and up to a tenth of a second's worth (at least {@link #MIN_GRANT}) may be saved up,
 * so a pause is not made up for with a burst.
 *
 * <p>One pacer serves a connection's file data both ways: its writer asks before each chunk of a
 * download, and its uploads ask before each PUT_WINDOW grant, from the session's reader or the
 * timer that comes back for a grant held back. So {@code --max-rate} bounds what one client moves
 * in both directions together. Thread-safe: its methods take its own monitor, and call out only to
 * {@link Bandwidth}.
 */
public class Pacer {
    /** The least a chunk is cut to while the connection is paced: small frames cost more than they pace. */
    static final int MIN_GRANT = 8 * 1024;
    private static final double SECOND = 1e9;

    /** True if this pacer may hold data back: a limit applies. */
    public boolean limits() {
        return bandwidth != null;
    }

    /** A pacer that grants everything at once. */
    public static final Pacer UNLIMITED = new Pacer(null, null) {
        @Override
        public int grant(int wanted) {
            return wanted;
        }

        @Override
        public long nanosUntilGrant(int wanted) {
            return 0;
        }

        @Override
        public void close() {}
    };

    private final Bandwidth bandwidth;
    private final NanoClock clock;
    private double tokens = MIN_GRANT;
    private long refilledAt;
    private long rate;

    Pacer(Bandwidth bandwidth, NanoClock clock) {
        this.bandwidth = bandwidth;
        this.clock = clock;
        this.refilledAt = clock == null ? 0 : clock.nanoTime();
    }

    /**
     * How many of {@code wanted} bytes may be sent now: all of them, part of them (at least
     * {@link #MIN_GRANT}, or all if fewer are wanted), or 0. What is granted is spent.
     */
    public synchronized int grant(int wanted) {
        refill();
        int least = Math.min(wanted, MIN_GRANT);
        if (tokens < least) {
            return 0;
        }
        int granted = (int) Math.min(wanted, (long) tokens);
        tokens -= granted;
        return granted;
    }

    /** How long until {@link #grant} would give something for {@code wanted} bytes, at the rate of now. */
    public synchronized long nanosUntilGrant(int wanted) {
        refill();
        double missing = Math.min(wanted, MIN_GRANT) - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing * SECOND / rate);
    }

    /** The rate this connection may move data at, as of the last {@link #grant}: its limit or its share; 0 before. */
    public synchronized long rate() {
        return rate;
    }

    /** The connection has ended. */
    public void close() {
        bandwidth.forget(this);
    }

    private void refill() {
        long now = clock.nanoTime();
        rate = bandwidth.rateFor(this, now);
        double burst = Math.max(MIN_GRANT, rate / 10.0);
        tokens = Math.min(burst, tokens + (now - refilledAt) * (rate / SECOND));
        refilledAt = now;
    }
}
