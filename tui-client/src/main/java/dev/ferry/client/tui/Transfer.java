package dev.ferry.client.tui;

import dev.ferry.client.Download;
import dev.ferry.client.DownloadResult;
import dev.ferry.client.FerryException;
import dev.ferry.client.Formats;
import dev.ferry.client.shell.Typed;
import dev.ferry.protocol.Text;

/**
 * One download as its gauge shows it: how far it has got, how fast, and how it ended. The client
 * updates the {@link Download} on its reader thread; the gauge reads it only when sampled, a few
 * times a second on the GUI thread, so progress costs nothing per chunk.
 */
final class Transfer {
    /** Where a download is. */
    enum State {
        WAITING, RUNNING, VERIFIED, FAILED, CANCELLED, CUT;

        boolean active() {
            return this == WAITING || this == RUNNING;
        }
    }

    private static final double SMOOTHING = 0.3;

    private final Download download;
    private final long startedNanos;
    private State state = State.WAITING;
    private boolean cancelling;
    private String outcome = "";
    private String detail = "";
    private double rate;
    private long lastBytes = -1;
    private long lastNanos;

    Transfer(Download download, long nowNanos) {
        this.download = download;
        this.startedNanos = nowNanos;
        this.lastNanos = nowNanos;
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

    /** How it ended, short enough for the gauge; empty while it runs. */
    String outcome() {
        return outcome;
    }

    /** How it ended, in full, for the message log; empty while it runs. */
    String detail() {
        return detail;
    }

    long size() {
        return download.size();
    }

    long received() {
        return download.received();
    }

    /** Bytes a second, smoothed over the last few samples. */
    double rate() {
        return rate;
    }

    /** Seconds left at the current rate, or -1 if unknown. */
    long etaSeconds() {
        long size = size();
        if (size < 0 || rate <= 0) {
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
        long bytes = received();
        if (size() >= 0 && state == State.WAITING) {
            state = State.RUNNING;
            lastBytes = download.resumedFrom();
            lastNanos = nowNanos;
        }
        if (state != State.RUNNING) {
            return false;
        }
        double seconds = (nowNanos - lastNanos) / 1e9;
        if (seconds > 0.05) {
            double now = (bytes - lastBytes) / seconds;
            rate = rate == 0 ? now : SMOOTHING * now + (1 - SMOOTHING) * rate;
            lastBytes = bytes;
            lastNanos = nowNanos;
        }
        return true;
    }

    void markCancelling() {
        cancelling = true;
    }

    /** The download ended: verified, or failed with {@code failure}. */
    void finished(DownloadResult result, Throwable failure, long nowNanos) {
        if (failure == null) {
            state = State.VERIFIED;
            double seconds = Math.max(1e-3, result.elapsed().toNanos() / 1e9);
            rate = result.transferred() / seconds;
            outcome = result.resumedFrom() > 0 ? "resumed at " + Formats.size(result.resumedFrom()) : "";
            return;
        }
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        FerryException.Kind kind = cause instanceof FerryException fe ? fe.kind() : FerryException.Kind.LOCAL;
        boolean partKept = received() > 0;
        detail = Formats.failure(cause);
        if (kind == FerryException.Kind.EXISTS) {
            detail += " (" + Text.printable(Typed.overwriteHint(name())) + ")";
        }
        double seconds = Math.max(1e-3, (nowNanos - startedNanos) / 1e9);
        rate = Math.max(0, received() - download.resumedFrom()) / seconds;
        switch (kind) {
            case CANCELLED -> {
                state = State.CANCELLED;
                outcome = partKept ? "cancelled, .part kept: Enter resumes" : "cancelled";
            }
            case LOST -> {
                state = State.CUT;
                outcome = partKept ? "connection lost, .part kept: Enter resumes once reconnected" : "connection lost";
            }
            default -> {
                state = State.FAILED;
                outcome = detail;
            }
        }
    }
}
