package dev.ferry.client;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server lets a client have {@code max} transfers in flight; this keeps the client within
 * that. A download takes a slot when it starts and holds it until the server's transfer has ended
 * (see {@link DownloadCall}), one slot per running download; beyond the limit, downloads wait here
 * in the order they were asked for. It also knows the downloads not yet finished, by target, so
 * asking again for one on its way gives that one. Thread-safe.
 */
final class TransferSlots {
    private final int max;
    private final ArrayDeque<DownloadCall> waiting = new ArrayDeque<>();
    /** Downloads not yet finished, by target; guarded by {@code waiting}. */
    private final Map<Path, Download> downloading = new HashMap<>();
    private int transfersInFlight;

    TransferSlots(int max) {
        this.max = max;
    }

    /**
     * Begins {@code call} now if a slot is free, or queues it; returns its download, or the
     * unfinished one already on its way to the same target (and then {@code call} is dropped).
     */
    Download start(DownloadCall call) {
        Download download = call.download();
        boolean now;
        synchronized (waiting) {
            Download already = downloading.get(download.target());
            if (already != null && !already.result().isDone()) {
                return already;
            }
            downloading.put(download.target(), download);
            now = transfersInFlight < max;
            if (now) {
                transfersInFlight++;
            } else {
                waiting.addLast(call);
            }
        }
        download.result().whenComplete((result, failure) -> {
            synchronized (waiting) {
                downloading.remove(download.target(), download);
            }
        });
        if (now) {
            call.begin();
        }
        return download;
    }

    /** A download's server-side transfer ended; the next waiting download may start. */
    void ended() {
        DownloadCall next;
        synchronized (waiting) {
            next = waiting.pollFirst();
            if (next == null) {
                transfersInFlight--;
            }
        }
        if (next != null) {
            next.begin();
        }
    }

    /** Takes a download that has not started out of the queue; false if it already started. */
    boolean unqueue(DownloadCall call) {
        synchronized (waiting) {
            return waiting.remove(call);
        }
    }

    /** Empties the queue, when the connection has ended: the downloads that never started. */
    List<DownloadCall> drain() {
        synchronized (waiting) {
            List<DownloadCall> queued = new ArrayList<>(waiting);
            waiting.clear();
            return queued;
        }
    }
}
