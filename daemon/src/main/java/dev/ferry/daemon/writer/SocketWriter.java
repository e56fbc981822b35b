package dev.ferry.daemon.writer;

import dev.ferry.daemon.shared.NanoClock;
import dev.ferry.daemon.transfer.Transfer;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import dev.ferry.transport.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The system calls that put one connection's bytes on its socket, and since when the one in
 * progress has been stuck.
 *
 * <p>Control frames, and small chunks read into memory, go out in one gathering write; a large
 * chunk goes from the file to the socket with {@link Transport#sendFile} (zero-copy in plain
 * text, through the cipher with TLS), in slices so a slow but steady reader keeps showing progress. A write that makes no progress (the client stopped
 * reading with a full TCP window) is visible through {@link #stalledSince()}, so the watchdog can
 * time it out.
 *
 * <p>Used by whoever holds the connection's writer role, one at a time: a writer task, or the
 * reader thread, which writes only what the socket takes at once ({@link #writeNow}).
 * {@link #stalledSince()} may be read from any thread.
 */
final class SocketWriter {
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024);
    /** Bytes per sendfile call: a slow but steady reader keeps showing progress. */
    private static final int SLICE = 256 * 1024;

    private final Transport channel;
    private final NanoClock ticker;
    private final ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE);
    private volatile long writeSince;
    /** When a write last put bytes on the socket, on the ticker; 0 before the first. */
    private volatile long wroteAt;

    SocketWriter(Transport channel, NanoClock ticker) {
        this.channel = channel;
        this.ticker = ticker;
    }

    /**
     * When the write in progress last made progress, on the ticker; 0 if no write is in progress.
     * Only the write it times sets and clears it: a writer that is done with the socket must not
     * clear the clock of a write begun after it let go.
     */
    long stalledSince() {
        return writeSince;
    }

    /** When a write last put bytes on the socket, on the ticker; 0 if none has yet. Any thread may ask. */
    long wroteAt() {
        return wroteAt;
    }

    /**
     * Reads a small chunk into memory and frames it, so it goes out in the same write as the
     * control frames around it (one packet for a small file instead of four). Zeros complete
     * the frame if the file shrank.
     */
    List<ByteBuffer> readChunk(Transfer transfer, int length) throws IOException {
        ByteBuffer frameHeader = ByteBuffer.allocate(Wire.HEADER_SIZE);
        MessageCodec.putDataHeader(transfer.id(), length, frameHeader);
        ByteBuffer data = ByteBuffer.allocate(length);
        long position = transfer.position();
        while (data.hasRemaining()) {
            if (transfer.channel().read(data, position + data.position()) < 0) {
                break; // the file shrank under us: the rest stays zero
            }
        }
        boolean padded = data.hasRemaining();
        transfer.advance(length, padded);
        return List.of(frameHeader.flip(), data.clear());
    }

    /** Sends one DATA frame of {@code length} bytes straight from the transfer's file. */
    void sendChunk(Transfer transfer, int length) throws IOException {
        header.clear();
        MessageCodec.putDataHeader(transfer.id(), length, header);
        header.flip();
        writeSince = ticker.nanoTime();
        try {
            channel.write(header);
            wroteAt = ticker.nanoTime();
            long position = transfer.position();
            long sent = 0;
            while (sent < length) {
                long n = channel.sendFile(transfer.channel(), position + sent, Math.min(SLICE, length - sent));
                if (n <= 0) {
                    break; // the file shrank under us
                }
                sent += n;
                writeSince = ticker.nanoTime();
                wroteAt = writeSince;
            }
            boolean padded = sent < length;
            if (padded) {
                pad(length - sent);
            }
            transfer.advance(length, padded);
        } finally {
            writeSince = 0;
        }
    }

    /** Completes an announced DATA frame with zeros, so framing survives a file that shrank. */
    private void pad(long count) throws IOException {
        long left = count;
        while (left > 0) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), left));
            left -= channel.write(zeros);
        }
    }

    /**
     * Writes as much of the batch as the socket takes at once, without waiting: for the reader
     * thread, which must never block on a client that stopped reading. True if all of it went out;
     * otherwise the buffers hold the rest, for {@link #write}. The stall clock is not involved: this
     * write cannot stall, and what it leaves goes to a writer task, whose write the clock times.
     */
    boolean writeNow(ByteBuffer[] batch) throws IOException {
        long before = remaining(batch);
        try {
            return channel.writeNow(batch);
        } finally {
            if (remaining(batch) < before) {
                wroteAt = ticker.nanoTime();
            }
        }
    }

    private static long remaining(ByteBuffer[] batch) {
        long total = 0;
        for (ByteBuffer buffer : batch) {
            total += buffer.remaining();
        }
        return total;
    }

    /** Writes the whole batch with gathering writes, blocking as long as it takes; returns its bytes. */
    long write(ByteBuffer[] batch) throws IOException {
        long total = 0;
        for (ByteBuffer buffer : batch) {
            total += buffer.remaining();
        }
        writeSince = ticker.nanoTime();
        try {
            // in slices of about SLICE bytes, so a slow but steady reader keeps showing progress
            int first = 0;
            while (first < batch.length) {
                int end = first;
                long slice = 0;
                while (end < batch.length && (slice == 0 || slice + batch[end].remaining() <= SLICE)) {
                    slice += batch[end++].remaining();
                }
                channel.write(batch, first, end - first);
                writeSince = ticker.nanoTime();
                wroteAt = writeSince;
                first = end;
            }
        } finally {
            writeSince = 0;
        }
        return total;
    }
}
