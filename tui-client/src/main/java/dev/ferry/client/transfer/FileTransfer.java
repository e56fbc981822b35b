package dev.ferry.client.transfer;

import java.util.concurrent.CompletableFuture;

/**
 * A file on its way, either way, as whoever shows its progress sees it: a {@link Download} or an
 * {@link Upload}.
 */
public interface FileTransfer {

    /** The file's name on the server. */
    String name();

    /** The file's size, or -1 until the server has answered. */
    long size();

    /** Bytes the receiving side held before this transfer started, and that did not move again. */
    long resumedFrom();

    /** Bytes moved so far, those resumed from included. */
    long done();

    /**
     * True while bytes an earlier attempt left are read back and hashed before new data moves:
     * the transfer is busy, but nothing moves yet.
     */
    boolean checking();

    /** Completes when the transfer has ended, verified, or exceptionally with why not. */
    CompletableFuture<?> outcome();

    /** Asks to stop; what has moved is kept for a later resume. */
    void cancel();
}
