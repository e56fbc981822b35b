package dev.ferry.daemon.session;

import dev.ferry.daemon.access.Access;
import dev.ferry.daemon.access.AuthMode;
import dev.ferry.daemon.bandwidth.Pacer;
import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.shared.MemoryBudget;
import dev.ferry.daemon.shared.NanoClock;
import dev.ferry.daemon.transfer.Peer;
import dev.ferry.daemon.transfer.Transfer;
import dev.ferry.daemon.transfer.Transfers;
import dev.ferry.daemon.transfer.UploadClient;
import dev.ferry.daemon.writer.Outbound;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FerryVersion;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Wire;
import dev.ferry.settings.Durations;
import dev.ferry.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, from accept to close, run by one thread that alone reads the socket.
 *
 * <p>Everything received comes through the session's {@link Inbound}: the handshake, then one
 * request after another. Everything sent goes through its {@link Outbound}. The watchdog applies
 * its {@link SessionTimeouts}.
 *
 * <p>Whatever ends a session (EXIT, end of stream or a protocol error seen by the reader; a
 * timeout seen by the watchdog; shutdown; a writer that overflowed or failed) calls {@link #end}
 * once, from whichever thread it is on: the slot is freed at once, running transfers stop, the
 * client's last frames are queued, and the writer shuts the socket's output after them. The
 * reader meanwhile keeps reading and discarding until the client closes its end or the linger
 * deadline passes and the watchdog closes the socket, so the last frames are never lost to a
 * reset; then it gives the writer what is left of the linger time before it closes the socket
 * itself. Only an abrupt ending (the socket cannot be written to) closes at once. A session is
 * {@link #finished()} once its reader is done and its writer idle; until then the daemon's
 * watchdog keeps an eye on it.
 */
public final class Session implements Runnable {
    static final Logger log = LoggerFactory.getLogger(Session.class);

    enum State { HANDSHAKE, READY, CLOSING, CLOSED }

    private final String address;
    private final String host;
    private final SessionContext context;
    private final DaemonConfig config;
    private final Outbound out;
    private final Transfers transfers;
    private final SessionTimeouts timeouts;
    private final Inbound in;
    private final RequestLog requestLog;
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    /** Only ever moves forward: HANDSHAKE, READY, CLOSING, CLOSED, perhaps skipping READY or CLOSING. */
    private final AtomicReference<State> state = new AtomicReference<>(State.HANDSHAKE);
    private volatile String name;
    /** What the client may do; set once its key is checked, before admission. */
    private volatile Access access = Access.ANONYMOUS;
    /** The client sent WATCH: it gets FILES_CHANGED events until it leaves. */
    private volatile boolean watchesFiles;
    /** Runs on the thread that won {@link #end}, before it acts on it; a seam for tests of the race between endings. */
    volatile Runnable endWon = () -> { };

    /**
     * @param address the client's {@code host:port}, for logs and the history
     * @param host    the client's IP address alone
     */
    public Session(Transport channel, String address, String host, SessionContext context) {
        this.address = address;
        this.host = host;
        this.context = context;
        this.config = context.config();
        NanoClock ticker = context.ticker();
        long acceptedNanos = ticker.nanoTime();
        Pacer pacer = context.bandwidth().pacer(); // one for both directions: --max-rate bounds them together
        this.out = new Outbound(channel, context.writers(), context.timer(), new WriterEvents(), ticker, config.chunkSize(),
                config.maxQueuedBytes(), context.memory(), pacer);
        this.out.name(address);
        this.requestLog = new RequestLog(log, ticker, this::who);
        View view = new View();
        this.transfers = new Transfers(view, out, context.repository(), context.digests(), config.maxTransfers(),
                context.uploads(), view, pacer, context.timer());
        this.timeouts = new SessionTimeouts(this::end, acceptedNanos, config, ticker, out, transfers, unsentBytes(channel.socket()));
        this.in = new Inbound(view, channel, context, out, transfers, new RequestHandler(view, context, out), timeouts);
    }

    private static UnsentBytes unsentBytes(SocketChannel channel) {
        try {
            return UnsentBytes.between((InetSocketAddress) channel.getLocalAddress(),
                    (InetSocketAddress) channel.getRemoteAddress());
        } catch (IOException | RuntimeException e) {
            return null; // closed already: there is nothing to watch
        }
    }

    /** The client's address, as {@code host:port}. */
    public String address() {
        return address;
    }

    /** The assigned name, or null before admission. */
    public String name() {
        return name;
    }

    /** What the client may do and on whose key: every request that changes the repository checks it. */
    public Access access() {
        return access;
    }

    /**
     * True if the client may change the repository: its key was made to write, or it came without
     * one to a server that needs none and was started to take uploads from everyone
     * ({@code --uploads}); never where uploads cannot work at all.
     */
    boolean mayWrite() {
        if (context.uploads().unavailable().isPresent()) {
            return false;
        }
        return access.write() || (config.auth() == AuthMode.NONE && !access.keyed() && context.uploads().openToAll());
    }

    /** True once the client asked for FILES_CHANGED events with WATCH. */
    boolean watchesFiles() {
        return watchesFiles;
    }

    /** The name if admitted, else the address: how log lines refer to this session. */
    String who() {
        String n = name;
        return n != null ? n : address;
    }

    /** Queues an event (JOINED, a message, FILES_CHANGED...) for the client, or drops it if the client has fallen behind. */
    void event(ByteBuffer frame) {
        out.sendEvent(frame);
    }

    /** As {@link #event(ByteBuffer)}, the event waiting up to {@code delayMillis} for others to share its write. */
    void event(ByteBuffer frame, long delayMillis) {
        out.sendEvent(frame, delayMillis);
    }

    /** True once something has ended the session; it is then never admitted. */
    boolean ending() {
        return ending.get() != null;
    }

    /** What ended the session, or null while nothing has. */
    Ending endedBy() {
        return ending.get();
    }

    /** True once the reader is done and the writer idle: nothing of this connection is left running. */
    public boolean finished() {
        return state.get() == State.CLOSED && !out.busy();
    }

    /** Waits until the writer has nothing in progress; false on timeout. */
    public boolean awaitWriterIdle(Duration timeout) throws InterruptedException {
        return out.awaitIdle(timeout);
    }

    /** The client's IP address without the port: what the per-address handshake limit counts. */
    public String host() {
        return host;
    }

    @Override
    public void run() {
        Thread thread = Thread.currentThread();
        String pooledName = thread.getName();
        thread.setName("ferry-conn " + address);
        try {
            Ending why = in.read();
            transfers.close(); // the reader is out of its loop: nothing writes to the partials, names are free again
            end(why);
            in.linger();
            awaitWriter();
            closeChannel();
            logEnd(ending.get());
        } finally {
            thread.setName(pooledName);
            state.set(State.CLOSED); // last: from here on, finished() may let the daemon forget this session
        }
    }

    /** Called by the registry, under its lock, when the session takes a slot. */
    void admitted(String assigned) {
        name = assigned;
        state.compareAndSet(State.HANDSHAKE, State.READY); // unless an ending got in since the registry looked
        out.name(assigned + " " + address);
        Thread.currentThread().setName("ferry-conn " + assigned + " " + address);
        Access granted = access;
        out.send(Wire.NO_ID, new Message.Welcome(Wire.PROTOCOL_VERSION, assigned, "ferryd/" + FerryVersion.get(),
                config.maxTransfers(), mayWrite()));
        log.info("{} connected from {} ({} of {}){}", assigned, address, context.registry().connected() + 1,
                context.registry().maxClients(), granted.keyed()
                        ? " with key " + granted.keyId() + " (" + granted.label() + ", " + granted.permissions() + ")" : "");
    }

    /**
     * Ends the session, from any thread; the first ending wins. Frees the slot, stops transfers
     * (telling the client if the ending says so), queues the last frames and starts the linger
     * clock. An abrupt ending closes the socket, even after another ending.
     *
     * <p>The winner may be any thread and may be slow to go on: the reader can meanwhile lose,
     * linger and close the session. So the linger deadline is set before anyone can see the
     * ending, and the winner moves the state to CLOSING only if it is not already past it.
     */
    void end(Ending why) {
        timeouts.startLinger(); // before the ending is visible: whoever sees it may wait on the deadline
        if (!ending.compareAndSet(null, why)) {
            if (why.abrupt()) {
                closeChannel();
            }
            return;
        }
        endWon.run();
        state.getAndUpdate(s -> s == State.HANDSHAKE || s == State.READY ? State.CLOSING : s);
        context.registry().release(this, why.reason());
        List<ByteBuffer> transferErrors = transfers.stopAll(why.transferError());
        if (why.abrupt()) {
            closeChannel();
        } else {
            int dropped = out.finish(why.goodbye(transferErrors), why.jumpsQueue());
            if (dropped > 0) {
                log.info("{}: {} replies it had not read were dropped, so that it reads why it is disconnected next",
                        who(), dropped);
            }
        }
    }

    /** Closes the socket at once, without a word; for a shutdown that ran out of time. */
    public void abort(String reason) {
        end(Ending.abrupt(reason));
    }

    /** Starts a graceful shutdown of this session: tells the client and stops its transfers. */
    public void shutdown() {
        end(Ending.notice(ErrorCode.SHUTTING_DOWN, "ferryd is shutting down"));
    }

    /** Applies the handshake, idle, write and linger timeouts; called by the watchdog. */
    public void checkTimeouts(long now) {
        requestLog.flushIfDue();
        timeouts.check(now, state.get());
    }

    /**
     * Ends an admitted session whose key was revoked, expired or removed since it came in, with a
     * NOTICE that says so; called by the watchdog after it looked at the keys file.
     */
    public void checkAccess() {
        if (state.get() != State.READY) {
            return;
        }
        Access granted = access;
        context.keys().recheck(granted).ifPresent(denied -> {
            log.warn("{} is ended: its access key {} ({}) {}", who(), granted.keyId(), granted.label(),
                    denied.code() == ErrorCode.KEY_EXPIRED ? "has expired" : "was revoked");
            end(Ending.notice(denied.code(), denied.reason()));
        });
    }

    /** What is left of the linger time once the session is ending; zero once it is up. */
    Duration lingerLeft() {
        return timeouts.lingerLeft();
    }

    /** Gives the writer what is left of the linger time to send the last frames. */
    private void awaitWriter() {
        try {
            out.awaitIdle(lingerLeft());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeChannel() {
        out.close();
    }

    private void logEnd(Ending end) {
        requestLog.flush();
        if (name != null) {
            log.info("{} disconnected: {} (connected {})", name, end.reason(), Durations.format(timeouts.age()));
        } else {
            log.info("{} {}", address, end.reason());
        }
    }

    /**
     * This session as each of its parts needs it, and no more: its transfers ({@link Peer}), its
     * request handler ({@link Requester}), its reader ({@link ReaderSide}), and its uploads
     * ({@link UploadClient}: the key's label and whether the client may write).
     */
    private final class View implements Peer, Requester, ReaderSide, UploadClient {
        @Override
        public String keyLabel() {
            return access.label();
        }

        @Override
        public String keyId() {
            return access.keyId();
        }

        /** Asked at a PUT and again right before an upload is put in place: a key revoked or expired since counts now. */
        @Override
        public boolean mayWrite() {
            if (!Session.this.mayWrite()) {
                return false;
            }
            if (access.keyed()) {
                context.keys().reloadIfChanged();
            }
            return context.keys().recheck(access).isEmpty();
        }

        @Override
        public String who() {
            return Session.this.who();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String address() {
            return address;
        }

        @Override
        public String host() {
            return host;
        }

        @Override
        public void touch() {
            timeouts.heard();
        }

        @Override
        public boolean admitLog(String kind) {
            return requestLog.admit(kind);
        }

        @Override
        public void watchFiles() {
            watchesFiles = true;
        }

        @Override
        public Ending endedBy() {
            return ending.get();
        }

        @Override
        public boolean inHandshake() {
            return state.get() == State.HANDSHAKE;
        }

        @Override
        public void granted(Access granted) {
            access = granted; // before the session takes a slot
        }

        @Override
        public boolean admit() {
            return context.registry().admit(Session.this) != null;
        }
    }

    /** What the writer reports back, on the thread that writes: passed on to the transfers, or the end of the session. */
    private final class WriterEvents implements Outbound.Listener {
        @Override
        public void dataSent(Transfer transfer) {
            transfers.dataSent(transfer);
        }

        @Override
        public void writeFailed(IOException cause) {
            end(Ending.abrupt("connection lost while sending (" + cause.getMessage() + ")"));
        }

        @Override
        public void overflow(long queuedBytes, boolean overBudget) {
            MemoryBudget memory = context.memory();
            if (overBudget) {
                log.warn("{} dropped: its replies ({} bytes waiting) do not fit in what is left of the daemon's memory for"
                        + " replies ({} of {} bytes in use by all clients)", who(), queuedBytes, memory.used(), memory.total());
                end(Ending.dropped(ErrorCode.TOO_MANY_REQUESTS, "the server has no memory left for more replies to this"
                        + " connection; read replies before asking for more; disconnecting"));
                return;
            }
            log.warn("{} dropped: it is not reading its replies ({} bytes waiting, the limit is {})", who(), queuedBytes,
                    config.maxQueuedBytes());
            end(Ending.dropped(ErrorCode.TOO_MANY_REQUESTS, "more than " + config.maxQueuedBytes()
                    + " bytes of replies are waiting to be read; disconnecting"));
        }
    }
}
