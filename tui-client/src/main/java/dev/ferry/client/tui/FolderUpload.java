package dev.ferry.client.tui;

import dev.ferry.client.failure.FerryException;
import dev.ferry.client.transfer.LocalTree;
import dev.ferry.client.transfer.Progress;
import dev.ferry.client.transfer.Upload;
import dev.ferry.client.transfer.UploadResult;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Text;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A folder on its way up as one thing, as {@code ferry put FOLDER} reports it in one line: every
 * file of its tree is an upload of its own in the client, but the gauge shows them together (files
 * done of all, bytes, speed, time left), a cancel stops them all, and Enter sends again only those
 * that did not verify, each resuming from what the server holds.
 *
 * <p>The GUI thread makes it and hears each file end; the gauge reads {@link #done} there too.
 * Only {@link #cancel} comes from the request thread, so the uploads are kept in a list it may
 * read while the GUI thread adds to it.
 */
final class FolderUpload implements Progress {

    /** How the folder ended, for its gauge. */
    record Ending(Transfer.State state, String outcome, String detail, boolean partKept, boolean worthRetrying,
            long transferred, Duration elapsed) {}

    private final String name;
    private final Path source;
    private final List<LocalTree.Entry> entries;
    private final boolean overwrite;
    private final long total;
    /** Names verified by an earlier run of this folder: not sent again, counted as done. */
    private final Set<String> verifiedBefore;
    private final long bytesBefore;
    private final long startedNanos = System.nanoTime();
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;
    // GUI thread
    private final Set<String> verified = new HashSet<>();
    private final List<String> failures = new ArrayList<>();
    private int ended;
    private long transferred;
    private FerryException.Kind worst;
    private String firstReason;

    FolderUpload(String name, Path source, List<LocalTree.Entry> entries, boolean overwrite) {
        this(name, source, entries, overwrite, Set.of());
    }

    private FolderUpload(String name, Path source, List<LocalTree.Entry> entries, boolean overwrite, Set<String> verifiedBefore) {
        this.name = name;
        this.source = source;
        this.entries = List.copyOf(entries);
        this.overwrite = overwrite;
        this.verifiedBefore = Set.copyOf(verifiedBefore);
        this.total = entries.stream().mapToLong(LocalTree.Entry::size).sum();
        this.bytesBefore = entries.stream().filter(e -> verifiedBefore.contains(e.name())).mapToLong(LocalTree.Entry::size).sum();
    }

    /** The same folder again: the files that verified are not sent again. */
    FolderUpload again() {
        Set<String> done = new HashSet<>(verifiedBefore);
        done.addAll(verified);
        return new FolderUpload(name, source, entries, overwrite, done);
    }

    /** The folder's name on the server. */
    @Override
    public String name() {
        return name;
    }

    /** The local folder. */
    Path source() {
        return source;
    }

    boolean overwrite() {
        return overwrite;
    }

    /** The files this run sends. */
    List<LocalTree.Entry> toSend() {
        return entries.stream().filter(e -> !verifiedBefore.contains(e.name())).toList();
    }

    /** Bytes of every file of the tree, as it was walked. */
    @Override
    public long size() {
        return total;
    }

    /** Bytes the server holds of the folder: of files verified before, and of this run's uploads so far. */
    @Override
    public long done() {
        long bytes = bytesBefore;
        for (Upload upload : uploads) {
            bytes += Math.max(0, upload.done());
        }
        return Math.min(total, bytes);
    }

    @Override
    public boolean checking() {
        return false;
    }

    /** Stops every file of the folder; those not handed back yet stop as they come. Request thread. */
    @Override
    public void cancel() {
        cancelled = true;
        uploads.forEach(Upload::cancel);
    }

    /** The client has taken this run's files. GUI thread. */
    void started(List<Upload> started) {
        uploads.addAll(started);
        if (cancelled) {
            started.forEach(Upload::cancel);
        }
    }

    /** Files verified, this run and before. */
    int filesVerified() {
        return verifiedBefore.size() + verified.size();
    }

    int files() {
        return entries.size();
    }

    /** How far the folder has got in files: {@code 3 of 10 files}. */
    String filesNote() {
        return filesVerified() + " of " + files() + (files() == 1 ? " file" : " files");
    }

    /** One file has ended; true when it was the last. GUI thread. */
    boolean fileEnded(Upload upload, UploadResult result, Throwable failure) {
        ended++;
        if (failure == null) {
            verified.add(upload.name());
            transferred += result.transferred();
        } else {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            FerryException.Kind kind = cause instanceof FerryException fe ? fe.kind() : FerryException.Kind.LOCAL;
            String reason = cause instanceof FerryException fe ? Text.printable(fe.reason()) : Formats.failure(cause);
            if (kind != FerryException.Kind.CANCELLED && kind != FerryException.Kind.LOST) {
                failures.add("! upload " + Text.printable(upload.name()) + ": " + reason);
            }
            if (worst == null || rank(kind) > rank(worst)) {
                worst = kind;
                firstReason = reason;
            }
        }
        return ended == uploads.size();
    }

    /** The client could not take the files at all. GUI thread. */
    void failedToStart(Throwable failure) {
        worst = FerryException.Kind.LOCAL;
        firstReason = Formats.failure(failure);
    }

    /** Each file that failed for a reason of its own (not a cancel or a drop), as a line for the log. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** A cut-off folder resumes once reconnected; a cancelled one on Enter; else it failed. */
    private static int rank(FerryException.Kind kind) {
        return switch (kind) {
            case LOST -> 3;
            case CANCELLED -> 2;
            default -> 1;
        };
    }

    /** How the folder ended; once every file has. GUI thread. */
    Ending ending() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
        String files = filesVerified() + (files() == 1 ? " file" : " files");
        if (worst == null) {
            return new Ending(Transfer.State.VERIFIED, files, "", false, false, transferred, elapsed);
        }
        int left = files() - filesVerified();
        boolean kept = done() > 0;
        String tally = filesVerified() + " of " + files() + " files verified, " + left + " not";
        return switch (worst) {
            case LOST -> new Ending(Transfer.State.CUT, "connection lost, " + filesNote(), firstReason + "; " + tally
                    + ": the rest is sent once reconnected", kept, true, transferred, elapsed);
            case CANCELLED -> new Ending(Transfer.State.CANCELLED, "cancelled, " + filesNote(), "cancelled; " + tally
                    + ": Enter in Transfers sends the rest", kept, true, transferred, elapsed);
            default -> new Ending(Transfer.State.FAILED, (left == 1 ? "1 file" : left + " files") + " not sent: "
                    + firstReason, tally + "; the first: " + firstReason, kept, true, transferred, elapsed);
        };
    }
}
