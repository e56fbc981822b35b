package dev.ferry.daemon.transfer;

import dev.ferry.daemon.repository.ServedFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One file on its way to a client: the open file, where sending stands, and the digest that will
 * close it. The connection's writer advances it chunk by chunk; whoever ends it first (all data
 * sent, a cancel, the session closing) wins {@link #end()} and sends the one final frame.
 */
public final class Transfer {
    private final int id;
    private final ServedFile file;
    private final FileChannel channel;
    private final long offset;
    private final CompletableFuture<byte[]> digest;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Written by the connection's writer alone; volatile so the watchdog and logs see where it stands. */
    private volatile long position;
    private long credit;
    private boolean shrank;

    public Transfer(int id, ServedFile file, FileChannel channel, long offset, int window,
            CompletableFuture<byte[]> digest) {
        this.id = id;
        this.file = file;
        this.channel = channel;
        this.offset = offset;
        this.position = offset;
        this.credit = window;
        this.digest = digest;
    }

    public int id() {
        return id;
    }

    public ServedFile file() {
        return file;
    }

    public FileChannel channel() {
        return channel;
    }

    public long offset() {
        return offset;
    }

    /** The file's size when it was opened: data is sent up to here. */
    public long size() {
        return file.stamp().size();
    }

    /** The next byte to send. Only the connection's writer reads and moves it. */
    public long position() {
        return position;
    }

    /**
     * True once no more data is to be sent: all of it is, or the file got shorter, when nothing
     * after the frame that found its new end would be the file's bytes.
     */
    public boolean dataSent() {
        return position >= size() || shrank;
    }

    /**
     * Bytes the client still lets this transfer send. Guarded by the connection's writer: only
     * the connection's writer ({@code dev.ferry.daemon.writer}) reads and changes it, under its lock.
     */
    public long credit() {
        return credit;
    }

    /**
     * Widens the window. Any amount is accepted, whatever has been sent so far, so a WINDOW is
     * never refused because of how fast data happened to go out; credit beyond what the file
     * still holds could never be used and is not kept.
     */
    public void grant(int increment) {
        credit = Math.min(credit + increment, Math.max(0, size() - position));
    }

    /** True while there is data left to send and the window lets some of it go. */
    public boolean sendable() {
        return credit > 0 && !dataSent();
    }

    /** Takes the length of the next DATA frame, at most {@code chunkSize}, out of the window. */
    public int takeChunk(int chunkSize) {
        int length = (int) Math.min(Math.min(chunkSize, credit), size() - position);
        credit -= length;
        return length;
    }

    /**
     * Records a chunk as sent; {@code padded} if the file ended early and zeros filled the frame.
     * A padded chunk is the transfer's last: it ends with FILE_CHANGED, not with more zeros.
     */
    public void advance(int length, boolean padded) {
        position += length;
        shrank |= padded;
    }

    /** True if the file got shorter while it was being sent. */
    public boolean shrank() {
        return shrank;
    }

    public CompletableFuture<byte[]> digest() {
        return digest;
    }

    public long elapsedNanos() {
        return System.nanoTime() - startedNanos;
    }

    /** Claims the right to send this transfer's final frame; true for exactly one caller. */
    public boolean end() {
        return ended.compareAndSet(false, true);
    }

    public boolean ended() {
        return ended.get();
    }

    /** Closes the file; safe to call more than once. */
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // a read-only file: nothing to flush
        }
    }
}
