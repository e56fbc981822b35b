package dev.ferry.client.transfer;

import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A download in progress. Its result is a verified {@link DownloadResult}; a download that
 * stopped part-way keeps its .part file, and the next download of the same name resumes from it.
 * While {@link #checking()}, the bytes an earlier attempt left in the .part are read back and
 * hashed before new data is let in.
 */
public final class Download extends FileTransfer<DownloadResult> {
    private final Path target;
    private volatile long kept = -1;
    private volatile Supplier<String> keptNote = () -> "";

    Download(String name, Path target) {
        super(name);
        this.target = target;
    }

    /** Where the file will be once verified. */
    public Path target() {
        return target;
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
        return value >= 0 ? value : done();
    }

    void kept(long bytes) {
        this.kept = bytes;
    }

    void keptNote(Supplier<String> note) {
        this.keptNote = note;
    }
}
