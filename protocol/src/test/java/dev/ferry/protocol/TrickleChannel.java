package dev.ferry.protocol;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * An in-memory channel that hands out at most {@code step} bytes per read, then end-of-stream.
 *
 * <p>It also keeps a reader honest: a reader can need at most one read per byte, plus a few per
 * frame to meet the end of the stream, so past a budget of that many reads it must be going round
 * in circles. The read that exceeds the budget throws, failing the test at once instead of hanging
 * the build.
 */
final class TrickleChannel implements ReadableByteChannel {
    private final ByteBuffer source;
    private final int step;
    private final long budget;
    private boolean open = true;
    int reads;

    TrickleChannel(byte[] bytes, int step) {
        this.source = ByteBuffer.wrap(bytes);
        this.step = step;
        this.budget = budgetFor(bytes.length);
    }

    static TrickleChannel of(ByteBuffer... frames) {
        return new TrickleChannel(Bytes.concat(frames), Integer.MAX_VALUE);
    }

    /** Reads a reader may need for {@code length} bytes: one per byte, and two per frame they could hold, plus two. */
    static long budgetFor(int length) {
        return length + 2L * (length / Wire.HEADER_SIZE + 2);
    }

    @Override
    public int read(ByteBuffer dst) {
        if (++reads > budget) {
            throw new AssertionError("more than " + budget + " reads of " + source.capacity() + " bytes: the reader is looping");
        }
        if (!source.hasRemaining()) {
            return -1;
        }
        int n = Math.min(step, Math.min(dst.remaining(), source.remaining()));
        dst.put(dst.position(), source, source.position(), n);
        dst.position(dst.position() + n);
        source.position(source.position() + n);
        return n;
    }

    int unread() {
        return source.remaining();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
