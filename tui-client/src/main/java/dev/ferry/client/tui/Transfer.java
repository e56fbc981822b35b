package dev.ferry.client.tui;

import dev.ferry.client.FerryException;
import dev.ferry.client.Formats;
import dev.ferry.client.command.Replies;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.DownloadResult;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Text;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionException;

/**
 * One download as its gauge shows it: how far it has got, how fast, and how it ended. The client
 * updates the {@link Download} on its reader thread; the gauge reads it only when sampled, a few
 * times a second on the GUI thread, so progress costs nothing per chunk.
 *
 * <p>The speed is measured over the last {@value #RATE_WINDOW_SECONDS} seconds, not since the
 * start, and not at all while a resumed download reads back its .part (nothing arrives then); a
 * verified download shows its average speed, one that stopped shows none.
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

    private final Download download;
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

    Transfer(Download download) {
        this.download = download;
    }

    /** The name the server knows the file by. */
    String name() {
        return download.name();
    }

    /** The name as shown: control characters as U+FFFD. */
    String label() {
        return Text.printable(download.name());
    }

    Download download() {
        return download;
    }

    State state() {
        return state;
    }

    boolean cancelling() {
        return cancelling;
    }

    /** True while a resumed download reads back and hashes what its .part already holds. */
    boolean checkingPart() {
        return state == State.RUNNING && download.checkingPart();
    }

    /** How it ended, short enough for the gauge; empty while it runs. */
    String outcome() {
        return outcome;
    }

    /** How it ended, in full, for the message log; empty while it runs. */
    String detail() {
        return detail;
    }

    /** True if it stopped part-way with its bytes kept in the .part for a resume. */
    /** What Enter does to this ended download, for the footer: resume, get again, or nothing worth offering (null). */
    String again() {
        if (!state.retryable() || !worthRetrying) {
            return null;
        }
        return partKept ? "resume" : "get again";
    }

    boolean partKept() {
        return partKept;
    }

    long size() {
        return download.size();
    }

    long received() {
        return download.received();
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
        if (download.checkingPart()) {
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

    /** The download ended: verified, or failed with {@code failure}. */
    void finished(DownloadResult result, Throwable failure) {
        samples.clear();
        if (failure == null) {
            state = State.VERIFIED;
            double seconds = Math.max(1e-3, result.elapsed().toNanos() / 1e9);
            rate = result.transferred() / seconds;
            outcome = result.resumedFrom() > 0 ? "resumed at " + Formats.size(result.resumedFrom()) : "";
            return;
        }
        rate = -1;
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        FerryException error = cause instanceof FerryException fe ? fe : null;
        FerryException.Kind kind = error != null ? error.kind() : FerryException.Kind.LOCAL;
        String reason = error != null ? Text.printable(error.reason()) : Formats.failure(cause);
        if (kind == FerryException.Kind.EXISTS) {
            reason += " (" + Text.printable(Replies.overwriteHint(name())) + ")";
        }
        partKept = download.kept() > 0 && size() > 0;
        String kept = partKept ? ".part kept (" + Formats.size(download.kept()) + " of " + Formats.size(size()) + ")" : "";
        switch (kind) {
            case CANCELLED -> {
                state = State.CANCELLED;
                outcome = partKept ? "cancelled, .part kept" : "cancelled";
                detail = partKept ? "cancelled; " + kept + ": Enter in Downloads resumes it" : "cancelled";
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
                detail = reason + (partKept ? "; " + kept + ": Enter in Downloads tries again" : "");
            }
        }
    }
}
