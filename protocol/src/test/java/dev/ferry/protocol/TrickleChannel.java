package dev.ferry.protocol;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/** An in-memory channel that hands out at most {@code step} bytes per read, then end-of-stream. */
final class TrickleChannel implements ReadableByteChannel {
    private final ByteBuffer source;
    private final int step;
    private boolean open = true;
    int reads;

    TrickleChannel(byte[] bytes, int step) {
        this.source = ByteBuffer.wrap(bytes);
        this.step = step;
    }

    static TrickleChannel of(ByteBuffer... frames) {
        return new TrickleChannel(Bytes.concat(frames), Integer.MAX_VALUE);
    }

    @Override
    public int read(ByteBuffer dst) {
        reads++;
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
