package dev.ferry.client.transfer;

import dev.ferry.client.failure.FerryException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A download in progress, as its owner sees it: what it is, how far it has got, its outcome, and a
 * way to cancel it. The outcome is a verified {@link DownloadResult}, or a {@link FerryException}
 * saying why not; a download that stopped part-way keeps its .part file, and the next download of
 * the same name resumes from it.
 */
public final class Download implements FileTransfer {
    private final String name;
    private final Path target;
    private final CompletableFuture<DownloadResult> result = new CompletableFuture<>();
    private volatile long size = -1;
    private volatile long resumedFrom;
    private volatile long received;
    private volatile long kept = -1;
    private volatile boolean checkingPart;
    private volatile Runnable canceller = () -> {};
    private volatile Supplier<String> keptNote = () -> "";

    Download(String name, Path target) {
        this.name = name;
        this.target = target;
    }

    /** The name asked for. */
    @Override
    public String name() {
        return name;
    }

    /** Where the file will be once verified. */
    public Path target() {
        return target;
    }

    /** Completes when the file is verified in place, or exceptionally with a {@link FerryException}. */
    public CompletableFuture<DownloadResult> result() {
        return result;
    }

    /** The file's size, or -1 until the server has answered. */
    @Override
    public long size() {
        return size;
    }

    /** Bytes already held before this download started. */
    @Override
    public long resumedFrom() {
        return resumedFrom;
    }

    /** Bytes on disk so far, resumed bytes included. */
    public long received() {
        return received;
    }

    @Override
    public long done() {
        return received;
    }

    @Override
    public boolean checking() {
        return checkingPart;
    }

    @Override
    public CompletableFuture<DownloadResult> outcome() {
        return result;
    }

    /**
     * True while the bytes an earlier attempt left in the .part are read back and hashed, before
     * the new data is let in: the download is busy, but nothing arrives yet.
     */
    public boolean checkingPart() {
        return checkingPart;
    }

    /**
     * Asks to stop. The server confirms and the result fails with {@link FerryException.Kind#CANCELLED};
     * the .part file stays for a later resume. No effect once all data has arrived.
     */
    @Override
    public void cancel() {
        canceller.run();
    }

    /**
     * Where the bytes received so far are kept and how to go on from them, as a clause to follow
     * a failure ({@code "; downloads/big.iso.part kept (445.0 MiB of 1.4 GiB), get it again to
     * resume"}), or empty if nothing is kept. For a process that is being stopped while this
     * download runs.
     */
    public String keptNote() {
        return keptNote.get();
    }

    /**
     * Bytes the .part held when the download stopped, exactly as its failure says; until then,
     * and for a download that kept nothing it could say, the bytes received so far.
     */
    public long kept() {
        long value = kept;
        return value >= 0 ? value : received;
    }

    void kept(long bytes) {
        this.kept = bytes;
    }

    void keptNote(Supplier<String> note) {
        this.keptNote = note;
    }

    void started(long fileSize, long offset) {
        this.size = fileSize;
        this.resumedFrom = offset;
        this.received = offset;
    }

    void checkingPart(boolean checking) {
        this.checkingPart = checking;
    }

    void received(long bytes) {
        this.received = bytes;
    }

    void canceller(Runnable action) {
        this.canceller = action;
    }

    @Override
    public String toString() {
        return "Download[" + name + ", " + received + "/" + size + "]";
    }
}
