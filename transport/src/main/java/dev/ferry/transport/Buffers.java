package dev.ferry.transport;

import java.nio.ByteBuffer;

/** Small helpers over arrays of buffers. */
final class Buffers {
    private Buffers() {}

    /** The index of the first buffer from {@code from} on with bytes left; {@code batch.length} if none. */
    static int firstWithRemaining(ByteBuffer[] batch, int from) {
        int first = from;
        while (first < batch.length && !batch[first].hasRemaining()) {
            first++;
        }
        return first;
    }

    /** Advances the buffers from {@code offset}, in order, past {@code count} bytes in all. */
    static void skip(ByteBuffer[] srcs, int offset, int length, long count) {
        long left = count;
        for (int i = offset; i < offset + length && left > 0; i++) {
            int step = (int) Math.min(left, srcs[i].remaining());
            srcs[i].position(srcs[i].position() + step);
            left -= step;
        }
    }

    static boolean anyRemaining(ByteBuffer[] srcs, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (srcs[i].hasRemaining()) {
                return true;
            }
        }
        return false;
    }
}
