package dev.ferry.client.transfer;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * What a transfer's data passes through on this machine, all of it owned by the
 * {@link TransferEngine}: the buffers that carry it, the one disk thread that writes it in order,
 * the threads that hash it, and the meter that counts (and, under a rate limit, paces) what the
 * reader takes off the socket.
 */
record DataPath(BufferPool buffers, ExecutorService disk, Executor hashers, Meter received) {

    /** Counts file data taken by the reader thread, and holds the reader back to keep to a rate limit. */
    interface Meter {
        void took(int bytes);
    }
}
