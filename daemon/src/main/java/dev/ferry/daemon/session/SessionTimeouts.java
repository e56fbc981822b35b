package dev.ferry.daemon.session;

import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.shared.NanoClock;
import dev.ferry.daemon.transfer.Transfers;
import dev.ferry.daemon.writer.Outbound;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.settings.Durations;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The handshake, idle, write and linger timeouts of one session, and the clocks they run on: when
 * the connection was accepted, when the client was last heard from, when lingering must end. The
 * session's reader moves the clocks; the daemon's watchdog {@link #check checks} them and ends the
 * session when one has run out.
 *
 * <p>The write timeout covers two ways a client can stop reading. A write that blocks on it
 * makes no progress: {@link Outbound#writeStalledSince()} times it. But when the last replies fit
 * in the socket's buffers, no write blocks: they sit in the kernel, unsent, while the writer is idle
 * and the reader waits in {@code read()} for a client that may itself be blocked sending. So when
 * no byte has moved either way for the write timeout, the kernel is asked once whether it still
 * holds bytes for the client ({@link UnsentBytes}), and asked again half a second later, which a
 * late acknowledgement cannot outlast; if it still does, the client is dropped as one that stopped
 * reading. A client that read everything and fell silent is left to the idle timeout.
 */
final class SessionTimeouts {
    private static final long NOT_LINGERING = Long.MIN_VALUE;
    /**
     * Real time between two looks at the bytes the kernel holds for a quiet client: a client may
     * delay its acknowledgements by up to 200 ms (Linux), so bytes it has taken can look unsent
     * for that long.
     */
    private static final long ACK_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** Ends the session: the one thing a timeout that has run out does. */
    private final Consumer<Ending> end;
    private final DaemonConfig config;
    private final NanoClock ticker;
    private final Outbound out;
    private final Transfers transfers;
    private final long acceptedNanos;
    private volatile long lastHeardNanos;
    /** When lingering must end, once a first ending set it; {@link #NOT_LINGERING} until then. */
    private final AtomicLong lingerDeadlineNanos = new AtomicLong(NOT_LINGERING);
    /** The kernel's count of bytes the client has yet to take, or null if it cannot be asked. */
    private final UnsentBytes unsent;
    /** The last time bytes moved when the kernel, asked after a quiet write timeout, held none for the client. */
    private long quietAndClearSince = Long.MIN_VALUE;
    /** The last time bytes moved when the kernel was first found holding some after a quiet write timeout. */
    private long suspectSince = Long.MIN_VALUE;
    /** When, in real time, that was found: the kernel's word is taken only if it still holds bytes a while later. */
    private long suspectedAt;

    SessionTimeouts(Consumer<Ending> end, long acceptedNanos, DaemonConfig config, NanoClock ticker, Outbound out,
            Transfers transfers, UnsentBytes unsent) {
        this.end = end;
        this.acceptedNanos = acceptedNanos;
        this.lastHeardNanos = acceptedNanos;
        this.config = config;
        this.ticker = ticker;
        this.out = out;
        this.transfers = transfers;
        this.unsent = unsent;
    }

    /** Restarts the idle clock: the client sent a frame, or a transfer just ended. */
    void heard() {
        lastHeardNanos = ticker.nanoTime();
    }

    /**
     * Starts the linger clock: the session is ending, and may take the linger time to say goodbye.
     * The first call sets the deadline; later ones, from other endings, leave it where it is.
     */
    void startLinger() {
        lingerDeadlineNanos.compareAndSet(NOT_LINGERING, ticker.nanoTime() + config.linger().toNanos());
    }

    /** What is left of the linger time; zero once it is up, or before it started. */
    Duration lingerLeft() {
        long deadline = lingerDeadlineNanos.get();
        return deadline == NOT_LINGERING ? Duration.ZERO : Duration.ofNanos(Math.max(0, deadline - ticker.nanoTime()));
    }

    /** How long ago the connection was accepted. */
    Duration age() {
        return Duration.ofNanos(ticker.nanoTime() - acceptedNanos);
    }

    /** Applies the handshake, idle, write and linger timeouts to a session in {@code state}; called by the watchdog. */
    void check(long now, Session.State state) {
        long writeSince = out.writeStalledSince();
        if (writeSince != 0 && now - writeSince > config.writeTimeout().toNanos()) {
            end.accept(Ending.abrupt("write timeout: the client stopped reading for " + Durations.format(config.writeTimeout())));
            return;
        }
        switch (state) {
            case HANDSHAKE -> {
                if (now - acceptedNanos > config.handshakeTimeout().toNanos()) {
                    end.accept(Ending.refused(ErrorCode.HANDSHAKE_TIMEOUT, "no HELLO within "
                            + Durations.format(config.handshakeTimeout())));
                }
            }
            case READY -> {
                if (!checkStuck(now)) {
                    checkIdle(now);
                }
            }
            case CLOSING -> {
                if (now - lingerDeadlineNanos.get() > 0) {
                    out.close();
                }
            }
            case CLOSED -> {
                // nothing to watch
            }
        }
    }

    /**
     * The write timeout for a connection where no write is blocked: nothing has moved either way
     * for that long and yet the kernel holds bytes the client has not taken. True if it ended the
     * session.
     */
    private boolean checkStuck(long now) {
        if (unsent == null || out.busy()) {
            return false; // a write in progress has its own clock
        }
        long moved = Math.max(lastHeardNanos, out.wroteAt());
        if (now - moved <= config.writeTimeout().toNanos()) {
            return false;
        }
        long bytes = unsentAfterGrace(moved);
        if (bytes <= 0) {
            return false;
        }
        end.accept(Ending.abrupt("write timeout: the client stopped reading for " + Durations.format(config.writeTimeout())
                + " (" + bytes + " bytes waited in the socket and nothing moved either way)"));
        return true;
    }

    /**
     * For a connection quiet since {@code moved}: the bytes the kernel still holds for the client
     * half a second after it was first found holding some, or 0 if it holds none (then it is not
     * asked again until something moves) or the half second is not up. The watchdog and a test
     * may both call this.
     */
    private synchronized long unsentAfterGrace(long moved) {
        if (moved == quietAndClearSince) {
            return 0;
        }
        if (moved != suspectSince) {
            suspectSince = moved;
            suspectedAt = System.nanoTime();
            if (unsent.count() <= 0) {
                quietAndClearSince = moved;
            }
            return 0;
        }
        if (System.nanoTime() - suspectedAt < ACK_GRACE_NANOS) {
            return 0;
        }
        long bytes = unsent.count();
        if (bytes <= 0) {
            quietAndClearSince = moved; // only an acknowledgement was late
        }
        return bytes;
    }

    /**
     * The idle timeout. The clock runs from the later of the last frame the client sent and the
     * moment the writer last had nothing to send: a download going out is not idleness, but one
     * that has used up its window and waits for a WINDOW is, as is anything waiting on the client.
     * Only a digest still being computed, the server's own work, stops the clock.
     */
    private void checkIdle(long now) {
        Duration idle = config.idleTimeout();
        if (idle.isZero() || out.busy() || transfers.awaitingDigest()) {
            return;
        }
        long since = Math.max(lastHeardNanos, out.idleSince());
        if (now - since <= idle.toNanos()) {
            return;
        }
        String text = "disconnected after " + Durations.format(idle) + " without a request";
        end.accept(Ending.notice(ErrorCode.IDLE_TIMEOUT, transfers.isEmpty() ? text : text + " (a download waited for WINDOW)"));
    }
}
