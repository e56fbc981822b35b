package dev.ferry.daemon.repository;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An upload's partial, open to read and write, with the descriptor it was checked through. As the
 * bytes come, every {@value #WRITEBACK_EVERY} bytes are sent on to the disk without waiting
 * (Linux's sync_file_range): the sync before the rename, which makes the file durable, then waits
 * only for the last few MiB instead of writing the whole file out at the end. Used by the session's
 * reader, and by the thread that ends the session to close it.
 */
public final class PartialFile implements AutoCloseable {
    /** How many written bytes make a run worth sending on to the disk. */
    static final long WRITEBACK_EVERY = 8L << 20;

    private final FileChannel channel;
    private final int fd;
    /** Where the bytes not yet sent on to the disk begin. */
    private long writebackFrom = -1;
    private long writebackBytes;
    private boolean writebackWorks = true;
    private boolean closed;

    PartialFile(FileChannel channel, int fd) {
        this.channel = channel;
        this.fd = fd;
    }

    /** The file's channel: reads, size, and what {@link #write} does not cover. */
    public FileChannel channel() {
        return channel;
    }

    /** Writes all of {@code bytes} at {@code position}, and sends a long enough run on to the disk. */
    public int write(ByteBuffer bytes, long position) throws IOException {
        int total = bytes.remaining();
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
        if (writebackFrom < 0 || writebackFrom > position) {
            writebackFrom = position;
        }
        if (writebackWorks && at - writebackFrom >= WRITEBACK_EVERY) {
            try {
                Posix.startWriteback(fd, writebackFrom, at - writebackFrom);
                writebackBytes += at - writebackFrom;
            } catch (LastErrorException e) {
                writebackWorks = false; // a file system without it: the sync at the end does all the work
            }
            writebackFrom = at;
        }
        return total;
    }

    /** Bytes sent on to the disk early so far. */
    public long writebackBytes() {
        return writebackBytes;
    }

    /** Makes every byte written durable: after a power cut the partial holds them all. */
    public void sync() throws IOException {
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } finally {
            Posix.close(fd);
        }
    }
}
