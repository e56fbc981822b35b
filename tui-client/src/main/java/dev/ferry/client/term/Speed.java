package dev.ferry.client.term;

/**
 * How fast one download goes, measured from its own first byte, not from when the command began:
 * a file that waited behind others, or finished early, shows its own speed. Once all its bytes
 * are in, the figure stays as it was then.
 */
public final class Speed {
    /** Spans shorter than this give no speed worth showing. */
    private static final long SHORTEST_NANOS = 1_000_000L;

    private long startNanos = -1;
    private long endNanos = -1;
    private long from;

    /** The first byte is about to arrive; {@code resumedFrom} bytes were already held. */
    public void started(long nowNanos, long resumedFrom) {
        startNanos = nowNanos;
        endNanos = -1;
        from = resumedFrom;
    }

    /** {@code received} of {@code size} bytes are in. */
    public void progress(long nowNanos, long received, long size) {
        if (startNanos >= 0 && received >= size && endNanos < 0) {
            endNanos = nowNanos;
        }
    }

    public boolean started() {
        return startNanos >= 0;
    }

    /** True once every byte is in. */
    public boolean done() {
        return endNanos >= 0;
    }

    /** Bytes a second since the first byte (until the last), or -1 while too early to tell. */
    public double rate(long nowNanos, long received) {
        long span = elapsedNanos(nowNanos);
        if (span < SHORTEST_NANOS) {
            return -1;
        }
        return Math.max(0, received - from) / (span / 1e9);
    }

    /** Time since the first byte, or until the last once all are in. */
    public long elapsedNanos(long nowNanos) {
        if (startNanos < 0) {
            return 0;
        }
        return (endNanos >= 0 ? endNanos : nowNanos) - startNanos;
    }

    /** Seconds left at the speed so far, or -1 if unknown. */
    public long secondsLeft(long nowNanos, long received, long size) {
        double rate = rate(nowNanos, received);
        if (rate <= 0) {
            return -1;
        }
        return (long) Math.ceil((size - received) / rate);
    }
}
