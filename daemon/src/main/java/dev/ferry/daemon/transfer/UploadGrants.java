package dev.ferry.daemon.transfer;

import dev.ferry.daemon.bandwidth.Pacer;
import dev.ferry.protocol.Message.PutWindow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * How a session's uploads give their clients room to send: the window PUT_READY opens and the
 * PUT_WINDOW grants after it. This is where ferryd's rate limits reach uploads.
 *
 * <p>Without a limit, PUT_READY opens {@link #INITIAL_WINDOW} and the bytes written are given back
 * in steps of {@link #GRANT_STEP}: the disk alone sets the pace.
 *
 * <p>Under {@code --max-rate} or {@code --max-total-rate}, every byte of window is bought from the
 * connection's {@link Pacer}, the same one its downloads are paced by: the window is topped up with
 * what the pacer grants at once, to at most {@link #pacedMost} unspent, and when it grants nothing,
 * the timer comes back when it will. A
 * client cannot send faster than it is granted, so it sends at its share, fairly beside the
 * connections that download or upload at the same time; and a client that stops sending stops
 * buying, leaving its share to the others.
 */
final class UploadGrants {
    /** The window PUT_READY opens without a limit: enough to keep a fast link busy while the grants travel back. */
    static final int INITIAL_WINDOW = 16 << 20;
    /** Bytes written before a PUT_WINDOW gives them back to the client, without a limit. */
    static final int GRANT_STEP = 4 << 20;
    /**
     * The least window a paced client may hold unspent; more is allowed at higher rates, an eighth
     * of a second's worth: enough to keep a link of 100 ms busy, little enough that a client that
     * stalled cannot save up window for a burst past the rate.
     */
    static final long PACED_WINDOW = 64 << 10;
    /** The soonest the timer comes back for a paced grant. */
    private static final long LEAST_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final Pacer pacer;
    private final ScheduledExecutorService timer;
    private final TransferSink out;

    UploadGrants(Pacer pacer, ScheduledExecutorService timer, TransferSink out) {
        this.pacer = pacer;
        this.timer = timer;
        this.out = out;
    }

    /** The window PUT_READY opens for an upload of which {@code remaining} bytes are still to come. */
    long opening(long remaining) {
        if (!pacer.limits()) {
            return Math.min(remaining, INITIAL_WINDOW);
        }
        return pacer.grant((int) Math.min(remaining, PACED_WINDOW));
    }

    /** The most window the paced client may hold unspent at the rate of now. */
    private long pacedMost() {
        return Math.min(INITIAL_WINDOW, Math.max(PACED_WINDOW, pacer.rate() / 8));
    }

    /** PUT_READY is on its way: a paced upload opened with less than it wants gets the rest as the pacer allows. */
    void opened(Upload upload) {
        if (pacer.limits()) {
            more(upload);
        }
    }

    /** {@code length} bytes of the upload were written: gives them back to the client, now or as the pace allows. */
    void written(Upload upload, int length) {
        upload.written(length);
        if (pacer.limits()) {
            more(upload);
            return;
        }
        long grant = upload.grant(GRANT_STEP);
        if (grant > 0) {
            out.send(upload.id(), new PutWindow((int) grant));
        }
    }

    /**
     * Tops the window up with what the pacer grants now and, if that is not all the upload wants,
     * comes back when the pacer will grant more. The grant is sent under the upload's monitor, so
     * none goes out once the upload has stopped and its last frame is queued.
     */
    private void more(Upload upload) {
        synchronized (upload) {
            if (upload.stopped()) {
                return;
            }
            long most = pacedMost();
            long grant = upload.pacedGrant(pacer, most);
            if (grant > 0) {
                out.send(upload.id(), new PutWindow((int) grant));
            }
            long wanted = upload.wanted(most);
            if (wanted <= 0 || !upload.scheduleGrant()) {
                return;
            }
            long wait = Math.max(LEAST_WAIT_NANOS, pacer.nanosUntilGrant((int) Math.min(wanted, Integer.MAX_VALUE)));
            try {
                timer.schedule(() -> {
                    upload.grantCame();
                    more(upload);
                }, wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                upload.grantCame(); // the daemon is closing: its sessions end, and their uploads with them
            }
        }
    }
}
