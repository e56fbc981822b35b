package dev.ferry.client.transfer;

import java.util.concurrent.CompletableFuture;

/**
 * A file on its way, either way, as whoever shows its progress sees it: what it is, how far it has
 * got, its outcome, and a way to cancel it. A {@link Download} and an {@link Upload} are the two
 * directions of one thing; only their call ({@link DownloadCall}, {@link UploadCall}) moves what
 * is seen here, from the reader, sending or hashing threads, so every field is volatile.
 *
 * @param <R> what a transfer that ends well completes with
 */
public abstract sealed class FileTransfer<R extends TransferResult> implements Progress permits Download, Upload {
    private final String name;
    private final CompletableFuture<R> result = new CompletableFuture<>();
    private volatile long size = -1;
    private volatile long resumedFrom;
    private volatile long done;
    private volatile boolean checking;
    private volatile Runnable canceller = () -> {};

    FileTransfer(String name) {
        this.name = name;
    }

    /** The file's name on the server. */
    @Override
    public final String name() {
        return name;
    }

    /**
     * Completes when the transfer has ended, verified, or exceptionally with a
     * {@link dev.ferry.client.failure.FerryException} saying why not.
     */
    public final CompletableFuture<R> result() {
        return result;
    }

    /** The file's size, or -1 until the server has answered. */
    @Override
    public final long size() {
        return size;
    }

    /** Bytes the receiving side held before this transfer started, and that did not move again. */
    public final long resumedFrom() {
        return resumedFrom;
    }

    /** Bytes moved so far, those resumed from included. */
    @Override
    public final long done() {
        return done;
    }

    /**
     * True while bytes an earlier attempt left are read back and hashed, to check they are this
     * file's: the transfer is busy, but nothing moves yet.
     */
    @Override
    public final boolean checking() {
        return checking;
    }

    /**
     * Asks to stop. The server confirms and the result fails with
     * {@link dev.ferry.client.failure.FerryException.Kind#CANCELLED}; what has moved is kept for a
     * later resume. No effect once all data has moved.
     */
    @Override
    public final void cancel() {
        canceller.run();
    }

    /** The server has answered: the file has {@code fileSize} bytes, of which {@code offset} need not move. */
    final void started(long fileSize, long offset) {
        this.size = fileSize;
        this.resumedFrom = offset;
        this.done = offset;
    }

    final void progressed(long bytes) {
        this.done = bytes;
    }

    final void checking(boolean on) {
        this.checking = on;
    }

    final void canceller(Runnable action) {
        this.canceller = action;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", " + done + "/" + size + "]";
    }
}
