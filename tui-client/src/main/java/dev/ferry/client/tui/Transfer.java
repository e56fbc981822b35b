package dev.ferry.client.tui;

import dev.ferry.client.command.Replies;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.FileTransfer;
import dev.ferry.client.transfer.Progress;
import dev.ferry.client.transfer.TransferResult;
import dev.ferry.client.transfer.Upload;
import dev.ferry.client.transfer.UploadResult;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Text;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionException;

/**
 * One download or upload as its gauge shows it: how far it has got, how fast, and how it ended.
 * The client updates the {@link Download} or {@link Upload} on its own threads; the gauge reads it
 * only when sampled, a few times a second on the GUI thread, so progress costs nothing per chunk.
 *
 * <p>The speed is measured over the last {@value #RATE_WINDOW_SECONDS} seconds, not since the
 * start, and not at all while a resume hashes what is already there (nothing moves then); a
 * verified transfer shows its average speed, one that stopped shows none.
 */
final class Transfer {
    /** Where a download is. */
    enum State {
        WAITING, RUNNING, VERIFIED, FAILED, CANCELLED, CUT;

        boolean active() {
            return this == WAITING || this == RUNNING;
        }

        /** Ended without a verified file: Enter fetches it again, from its .part if one was kept. */
        boolean retryable() {
            return this == FAILED || this == CANCELLED || this == CUT;
        }
    }

    static final int RATE_WINDOW_SECONDS = 3;
    private static final long RATE_WINDOW_NANOS = RATE_WINDOW_SECONDS * 1_000_000_000L;
    private static final long MIN_SPAN_NANOS = 300_000_000L;

    private final Progress moving;
    /** The download, or null for an upload. */
    private final Download download;
    /** The upload, or null for a download or a folder. */
    private final Upload upload;
    /** The folder, or null for one file. */
    private final FolderUpload folder;
    private State state = State.WAITING;
    private boolean cancelling;
    private String outcome = "";
    private String detail = "";
    private boolean partKept;
    /** False once the server said the file is not there to fetch: trying again would fail the same way. */
    private boolean worthRetrying = true;
    /** Bytes a second, or -1 while unknown and for a download that stopped. */
    private double rate = -1;
    /** Recent samples, oldest first: {@code {nanos, bytes}}. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    private Transfer(Progress moving, Download download, Upload upload, FolderUpload folder) {
        this.moving = moving;
        this.download = download;
        this.upload = upload;
        this.folder = folder;
    }

    /** The gauge of one file's download or upload. */
    static Transfer of(FileTransfer<?> transfer) {
        return transfer instanceof Download d ? new Transfer(d, d, null, null)
                : new Transfer(transfer, null, (Upload) transfer, null);
    }

    /** The one gauge of a folder's uploads. */
    static Transfer of(FolderUpload folder) {
        return new Transfer(folder, null, null, folder);
    }

    /** The name the server knows the file or folder by. */
    String name() {
        return moving.name();
    }

    /** The name as shown: control characters as U+FFFD, a folder's with {@code /} after it. */
    String label() {
        return Text.printable(moving.name()) + (folder != null ? "/" : "");
    }

    /** True for an upload (of a file or a folder), false for a download. */
    boolean isUpload() {
        return download == null;
    }

    /** The upload of one file, or null: what Enter sends again. */
    Upload upload() {
        return upload;
    }

    /** The folder, or null for one file: what Enter sends the rest of. */
    FolderUpload folder() {
        return folder;
    }

    /** How far a folder has got in files ({@code 3 of 10 files}), or empty for one file. */
    String files() {
        return folder == null ? "" : folder.filesNote();
    }

    /** Asks the client to stop it; called on the request thread. */
    void cancel() {
        moving.cancel();
    }

    State state() {
        return state;
    }

    boolean cancelling() {
        return cancelling;
    }

    /**
     * True while a resume hashes what is already there (a download's .part, the part of an upload
     * the server holds) before new bytes move.
     */
    boolean checkingPart() {
        return state == State.RUNNING && moving.checking();
    }

    /** How it ended, short enough for the gauge; empty while it runs. */
    String outcome() {
        return outcome;
    }

    /** How it ended, in full, for the message log; empty while it runs. */
    String detail() {
        return detail;
    }

    /** What Enter does to this ended transfer, for the footer: resume, get or send again, or nothing worth offering (null). */
    String again() {
        if (!state.retryable() || !worthRetrying) {
            return null;
        }
        return partKept ? "resume" : isUpload() ? "send again" : "get again";
    }

    boolean partKept() {
        return partKept;
    }

    long size() {
        return moving.size();
    }

    /** Bytes moved so far, received or sent, those resumed from included. */
    long received() {
        return moving.done();
    }

    /** True if there is a speed to show: a running download's recent one, or a verified one's average. */
    boolean hasRate() {
        return rate >= 0;
    }

    /** Bytes a second: recent while running, the average once verified; -1 when there is none. */
    double rate() {
        return rate;
    }

    /** Seconds left at the recent speed, or -1 if unknown. */
    long etaSeconds() {
        long size = size();
        if (size < 0 || rate <= 0 || state != State.RUNNING) {
            return -1;
        }
        return (long) Math.ceil((size - received()) / rate);
    }

    /** 0 to 1; 0 until the size is known, 1 for an empty file. */
    double fraction() {
        long size = size();
        if (size < 0) {
            return 0;
        }
        return size == 0 ? 1 : Math.min(1, (double) received() / size);
    }

    /** Reads the download's progress; returns true if the gauge should be redrawn. */
    boolean sample(long nowNanos) {
        if (!state.active()) {
            return false;
        }
        if (size() >= 0 && state == State.WAITING) {
            state = State.RUNNING;
        }
        if (state != State.RUNNING) {
            return false;
        }
        if (moving.checking()) {
            samples.clear();
            rate = -1;
            return true;
        }
        long bytes = received();
        samples.addLast(new long[] {nowNanos, bytes});
        while (samples.size() > 2 && nowNanos - samples.peekFirst()[0] > RATE_WINDOW_NANOS) {
            samples.removeFirst();
        }
        long[] oldest = samples.peekFirst();
        long span = nowNanos - oldest[0];
        if (span >= MIN_SPAN_NANOS) {
            rate = (bytes - oldest[1]) * 1e9 / span;
        }
        return true;
    }

    void markCancelling() {
        cancelling = true;
    }

    /** The download or upload ended: verified (and, for an upload, in place), or failed with {@code failure}. */
    void finished(TransferResult result, Throwable failure) {
        if (failure != null) {
            failed(failure);
            return;
        }
        verified(result.transferred(), result.elapsed(), result.resumedFrom());
        if (result instanceof UploadResult up && up.replaced()) {
            outcome = outcome.isEmpty() ? "replaced" : outcome + ", replaced";
        }
    }

    /** The folder's files have all ended. */
    void ended(FolderUpload.Ending ending) {
        if (ending.state() == State.VERIFIED) {
            verified(ending.transferred(), ending.elapsed(), 0);
            outcome = ending.outcome();
            return;
        }
        samples.clear();
        rate = -1;
        state = ending.state();
        outcome = ending.outcome();
        detail = ending.detail();
        partKept = ending.partKept();
        worthRetrying = ending.worthRetrying();
    }

    private void verified(long transferred, java.time.Duration elapsed, long resumedFrom) {
        samples.clear();
        state = State.VERIFIED;
        rate = transferred / Math.max(1e-3, elapsed.toNanos() / 1e9);
        outcome = resumedFrom > 0 ? "resumed at " + Formats.size(resumedFrom) : "";
    }

    private void failed(Throwable failure) {
        samples.clear();
        rate = -1;
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        FerryException error = cause instanceof FerryException fe ? fe : null;
        FerryException.Kind kind = error != null ? error.kind() : FerryException.Kind.LOCAL;
        String reason = error != null ? Text.printable(error.reason()) : Formats.failure(cause);
        if (kind == FerryException.Kind.EXISTS || (isUpload() && error != null && error.code() == ErrorCode.EXISTS)) {
            reason += " (" + Text.printable(isUpload() ? Replies.replaceOnServerHint(name()) : Replies.overwriteHint(name())) + ")";
        }
        if (isUpload()) {
            uploadFailed(kind, error, reason);
            return;
        }
        partKept = download.kept() > 0 && size() > 0;
        String kept = partKept ? ".part kept (" + Formats.size(download.kept()) + " of " + Formats.size(size()) + ")" : "";
        switch (kind) {
            case CANCELLED -> {
                state = State.CANCELLED;
                outcome = partKept ? "cancelled, .part kept" : "cancelled";
                detail = partKept ? "cancelled; " + kept + ": Enter in Transfers resumes it" : "cancelled";
            }
            case LOST -> {
                state = State.CUT;
                String what = error.code() == ErrorCode.SHUTTING_DOWN ? "server shut down" : "connection lost";
                outcome = partKept ? what + ", .part kept" : what;
                detail = reason + (partKept ? "; " + kept + ", resumes once reconnected" : "");
            }
            default -> {
                state = State.FAILED;
                worthRetrying = partKept || error == null || kind != FerryException.Kind.REMOTE
                        || !(error.code() == ErrorCode.NO_SUCH_FILE || error.code() == ErrorCode.BAD_NAME
                                || error.code() == ErrorCode.NOT_A_FILE);
                outcome = reason;
                detail = reason + (partKept ? "; " + kept + ": Enter in Transfers tries again" : "");
            }
        }
    }

    /** How an upload that stopped reads: what the server keeps of it, and what Enter does. */
    private void uploadFailed(FerryException.Kind kind, FerryException error, String reason) {
        partKept = received() > 0 && size() > 0;
        String kept = partKept ? "the server keeps " + Formats.size(received()) + " of " + Formats.size(size()) : "";
        switch (kind) {
            case CANCELLED -> {
                state = State.CANCELLED;
                outcome = "cancelled";
                detail = "cancelled" + (partKept ? "; " + kept + ": Enter in Transfers resumes it" : "");
            }
            case LOST -> {
                state = State.CUT;
                outcome = error.code() == ErrorCode.SHUTTING_DOWN ? "server shut down" : "connection lost";
                detail = reason + (partKept ? "; " + kept + ": Enter in Transfers resumes it once reconnected" : "");
            }
            default -> {
                state = State.FAILED;
                ErrorCode code = error != null ? error.code() : null;
                worthRetrying = kind != FerryException.Kind.EXISTS && code != ErrorCode.EXISTS && code != ErrorCode.BAD_NAME
                        && code != ErrorCode.READ_ONLY && code != ErrorCode.TOO_LARGE;
                outcome = reason;
                detail = reason;
            }
        }
    }
}
