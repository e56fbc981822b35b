package dev.ferry.client.tui;

import dev.ferry.client.FerryClient;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Notices a server that has gone silent while downloads run. A server that stops sending without
 * closing the connection would leave every gauge saying "downloading" for ever; so when no
 * running download has moved for {@code quiet}, this pings (on the request thread), and if no
 * answer comes within {@code timeout} it has the connection closed, and the usual drop follows:
 * the reason on screen, the cut downloads keeping their .part, the offer to reconnect. Any answer,
 * an error reply included, shows the server is there, and the wait starts again.
 *
 * <p>Called on the GUI thread, at each progress tick while downloads run.
 */
final class SilenceWatch {

    /** The connection this watches, and what to do when it has gone silent. */
    interface Host {
        /** The live connection, or null while offline. */
        FerryClient client();

        /** {@code connection} did not answer: close it, and give {@code reason} as why it ended. */
        void silent(FerryClient connection, String reason);
    }

    private final Duration quiet;
    private final Duration timeout;
    private final Requests requests;
    private final UiExecutor ui;
    private final Host host;
    private long started = -1;
    private long bytes = -1;
    private long quietSince;
    private boolean pinging;

    SilenceWatch(Duration quiet, Duration timeout, Requests requests, UiExecutor ui, Host host) {
        this.quiet = quiet;
        this.timeout = timeout;
        this.requests = requests;
        this.ui = ui;
        this.host = host;
    }

    /**
     * One tick while downloads run.
     *
     * @param started how many downloads have been started so far
     * @param bytes   bytes the running downloads hold between them
     */
    void check(long nowNanos, long started, long bytes) {
        if (started != this.started || bytes != this.bytes) {
            this.started = started;
            this.bytes = bytes;
            quietSince = nowNanos;
            return;
        }
        if (pinging || nowNanos - quietSince < quiet.toNanos()) {
            return;
        }
        FerryClient connection = host.client();
        if (connection == null) {
            return;
        }
        pinging = true;
        requests.call(connection, FerryClient::ping)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((rtt, failure) -> ui.post(() -> answered(connection, failure)));
    }

    private void answered(FerryClient connection, Throwable failure) {
        pinging = false;
        quietSince = System.nanoTime();
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            host.silent(connection, "the server stopped answering (no reply to a ping within "
                    + timeout.toSeconds() + " s)");
        }
    }
}
