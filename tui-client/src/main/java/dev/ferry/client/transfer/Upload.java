package dev.ferry.client.transfer;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * An upload in progress, as its owner sees it: what it is, how far it has got, its outcome, and a
 * way to cancel it. The outcome is an {@link UploadResult} once the server has verified the file
 * and renamed it into place, or a {@link dev.ferry.client.failure.FerryException} saying why not; what the
 * server received of an upload that stopped part-way stays in its hidden partial, and the next
 * upload of the same name sends only the rest.
 */
public final class Upload implements FileTransfer {
    private final String name;
    private final Path source;
    private final CompletableFuture<UploadResult> result = new CompletableFuture<>();
    private volatile long size = -1;
    private volatile long resumedFrom;
    private volatile long sent;
    private volatile boolean checking;
    private volatile Runnable canceller = () -> {};

    Upload(String name, Path source) {
        this.name = name;
        this.source = source;
    }

    /** The name on the server. */
    @Override
    public String name() {
        return name;
    }

    /** The local file. */
    public Path source() {
        return source;
    }

    /** Completes when the server has the file verified in place, or exceptionally with a {@link dev.ferry.client.failure.FerryException}. */
    public CompletableFuture<UploadResult> result() {
        return result;
    }

    @Override
    public CompletableFuture<UploadResult> outcome() {
        return result;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long resumedFrom() {
        return resumedFrom;
    }

    /** Bytes sent so far, those the server held before included. */
    public long sent() {
        return sent;
    }

    @Override
    public long done() {
        return sent;
    }

    /** True while this side hashes the bytes the server says it holds, to check they are this file's. */
    @Override
    public boolean checking() {
        return checking;
    }

    /**
     * Asks to stop. The server confirms and the result fails with
     * {@link dev.ferry.client.failure.FerryException.Kind#CANCELLED}; the server keeps what it received for a
     * later resume. No effect once all data has gone.
     */
    @Override
    public void cancel() {
        canceller.run();
    }

    void started(long fileSize, long offset) {
        this.size = fileSize;
        this.resumedFrom = offset;
        this.sent = offset;
    }

    void sent(long bytes) {
        this.sent = bytes;
    }

    void checking(boolean on) {
        this.checking = on;
    }

    void canceller(Runnable action) {
        this.canceller = action;
    }

    @Override
    public String toString() {
        return "Upload[" + name + ", " + sent + "/" + size + "]";
    }
}
