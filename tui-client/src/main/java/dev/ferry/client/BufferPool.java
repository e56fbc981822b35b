package dev.ferry.client;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers that carry received file data from the reader thread to the hashing threads
 * without a copy. Bounded: when every buffer is out, {@link #tryTake()} says so instead of
 * allocating, and the caller falls back to hashing from disk. Thread-safe.
 */
final class BufferPool {
    static final int BUFFER_SIZE = 1 << 20;

    private final int maxBuffers;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private int allocated;

    BufferPool(int maxBuffers) {
        this.maxBuffers = maxBuffers;
    }

    /** A cleared buffer, or null if all are in use. */
    synchronized ByteBuffer tryTake() {
        ByteBuffer buffer = free.pollFirst();
        if (buffer == null && allocated < maxBuffers) {
            allocated++;
            buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        }
        if (buffer != null) {
            buffer.clear();
        }
        return buffer;
    }

    synchronized void give(ByteBuffer buffer) {
        free.addFirst(buffer);
    }
}
