package dev.ferry.client.transfer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers that carry received file data from the reader thread to the disk and to the
 * hashing threads without a copy. Each is {@link #BUFFER_SIZE} bytes, aligned to
 * {@link #ALIGNMENT} so it can be written with direct I/O. How many are out at once is bounded by
 * the downloads' flow-control windows; up to {@code keep} returned buffers are kept for reuse.
 * Thread-safe.
 */
final class BufferPool {
    static final int BUFFER_SIZE = 1 << 20;
    static final int ALIGNMENT = 4096;

    private final int keep;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    BufferPool(int keep) {
        this.keep = keep;
    }

    /** A cleared buffer, reused or new. */
    synchronized ByteBuffer take() {
        ByteBuffer buffer = free.pollFirst();
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(BUFFER_SIZE + ALIGNMENT).alignedSlice(ALIGNMENT).limit(BUFFER_SIZE).slice();
        }
        return buffer.clear();
    }

    synchronized void give(ByteBuffer buffer) {
        if (free.size() < keep) {
            free.addFirst(buffer);
        }
    }
}
