package dev.ferry.daemon.session;

import dev.ferry.daemon.DaemonConfig;
import dev.ferry.daemon.RequestFailure;
import dev.ferry.daemon.transfer.Transfer;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.FerryVersion;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Exit;
import dev.ferry.protocol.Message.Hello;
import dev.ferry.protocol.MessageType;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.TruncatedFrameException;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, from accept to close, run by one thread that alone reads the socket.
 *
 * <p>The handshake comes first: HELLO within the handshake timeout, a supported version, a free
 * slot; otherwise REFUSED. Then every frame is decoded into a typed request and handed to
 * {@link RequestHandler} or {@link SessionTransfers}; everything sent goes through the session's
 * {@link Outbound}.
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
public final class Session implements Runnable, Outbound.Listener {
    static final Logger log = LoggerFactory.getLogger(Session.class);

    enum State { HANDSHAKE, READY, CLOSING, CLOSED }

    private final SocketChannel channel;
    private final String address;
    private final String host;
    private final SessionContext context;
    private final DaemonConfig config;
    private final Outbound out;
    private final SessionTransfers transfers;
    private final RequestHandler requests;
    private final SessionTimeouts timeouts;
    private final AtomicReference<Ending> ending = new AtomicReference<>();
    private volatile State state = State.HANDSHAKE;
    private volatile String name;

    /**
     * @param address the client's {@code host:port}, for logs and the history
     * @param host    the client's IP address alone
     */
    public Session(SocketChannel channel, String address, String host, SessionContext context) {
        this.channel = channel;
        this.address = address;
        this.host = host;
        this.context = context;
        this.config = context.config();
        NanoClock ticker = context.ticker();
        long acceptedNanos = ticker.nanoTime();
        this.out = new Outbound(channel, context.writers(), context.timer(), this, ticker, config.chunkSize(),
                config.maxQueuedBytes());
        this.out.name(address);
        this.transfers = new SessionTransfers(this, context);
        this.requests = new RequestHandler(this, context);
        this.timeouts = new SessionTimeouts(this, acceptedNanos, config, ticker, out, transfers);
    }

    /** The client's address, as {@code host:port}. */
    public String address() {
        return address;
    }

    /** The assigned name, or null before admission. */
    public String name() {
        return name;
    }

    /** The name if admitted, else the address: how log lines refer to this session. */
    String who() {
        String n = name;
        return n != null ? n : address;
    }

    Outbound outbound() {
        return out;
    }

    /** Restarts the idle clock: a transfer just ended, so the client has been busy until now. */
    void touch() {
        timeouts.heard();
    }

    /** True once something has ended the session; it is then never admitted. */
    boolean ending() {
        return ending.get() != null;
    }

    /** True once the reader is done and the writer idle: nothing of this connection is left running. */
    public boolean finished() {
        return state == State.CLOSED && !out.busy();
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
            end(read());
            linger();
            awaitWriter();
            closeChannel();
            logEnd(ending.get());
        } finally {
            thread.setName(pooledName);
            state = State.CLOSED; // last: from here on, finished() may let the daemon forget this session
        }
    }

    /** Reads and serves until the session ends; returns the reader's view of why. */
    private Ending read() {
        try {
            return serve();
        } catch (TruncatedFrameException e) {
            return Ending.quiet("connection lost (" + e.getMessage() + ")");
        } catch (ProtocolException e) {
            if (ending()) {
                return ending.get(); // the stream was cut on purpose
            }
            log.warn("{} broke the protocol: {}", who(), e.getMessage());
            return state == State.HANDSHAKE ? Ending.refused(e.code(), e.getMessage()) : Ending.error(e.code(), e.getMessage());
        } catch (ClosedChannelException e) {
            return Ending.abrupt("connection closed");
        } catch (IOException e) {
            return Ending.quiet("connection lost (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            log.error("{} internal error", who(), e);
            return Ending.error(ErrorCode.INTERNAL, "internal server error; the server log has the details");
        }
    }

    private Ending serve() throws IOException {
        FrameReader reader = new FrameReader(channel, Peer.CLIENT, 512);
        Frame first = reader.read();
        if (first == null) {
            return Ending.quiet("closed the connection before saying HELLO");
        }
        if (ending()) {
            return ending.get();
        }
        if (!(first.message() instanceof Hello hello)) {
            throw new ProtocolException("expected HELLO, got " + describe(first));
        }
        if (hello.version() != Wire.PROTOCOL_VERSION) {
            return Ending.refused(ErrorCode.UNSUPPORTED_VERSION, "this client speaks protocol version "
                    + hello.version() + "; ferryd " + FerryVersion.get() + " speaks version " + Wire.PROTOCOL_VERSION);
        }
        if (context.registry().admit(this) == null) {
            int max = context.registry().maxClients();
            return Ending.refused(ErrorCode.SERVER_FULL, "server full: " + max + " of " + max
                    + " clients are connected; try again when one leaves");
        }
        for (;;) {
            Frame frame = reader.read();
            if (frame == null) {
                return Ending.quiet("closed the connection");
            }
            if (ending()) {
                return ending.get();
            }
            timeouts.heard();
            Message message = frame.message();
            if (message instanceof Exit) {
                return Ending.exit(frame.id());
            }
            if (message instanceof Hello) {
                throw new ProtocolException("HELLO after the handshake");
            }
            if (!frame.known()) {
                out.send(frame.id(), new Message.ErrorReply(ErrorCode.UNKNOWN_COMMAND,
                        "unknown command (frame type 0x%02x); 'help' lists the commands".formatted(frame.code())));
                continue;
            }
            dispatch(frame.id(), message);
        }
    }

    /**
     * Runs one request. The one place where a failed request becomes an ERROR reply: a
     * {@link RequestFailure} keeps its code, an I/O problem is READ_FAILED, anything else INTERNAL,
     * with its stack trace in the log and never sent to the client. A protocol error ends the
     * session.
     */
    private void dispatch(int id, Message request) throws ProtocolException {
        try {
            if (request.type() == MessageType.GET || request.type() == MessageType.CANCEL
                    || request.type() == MessageType.WINDOW) {
                transfers.handle(id, request);
            } else {
                requests.handle(id, request);
            }
        } catch (RequestFailure e) {
            log.info("{} {} refused: {}", who(), request.type(), e.getMessage());
            out.send(id, new Message.ErrorReply(e.code(), e.getMessage()));
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException e) {
            log.warn("{} {} failed: {}", who(), request.type(), e.toString());
            out.send(id, new Message.ErrorReply(ErrorCode.READ_FAILED,
                    request.type().name().toLowerCase() + " failed on the server: " + e.getMessage()));
        } catch (RuntimeException e) {
            log.error("{} {} failed", who(), request.type(), e);
            out.send(id, new Message.ErrorReply(ErrorCode.INTERNAL, "internal server error; the server log has the details"));
        }
    }

    /** Called by the registry, under its lock, when the session takes a slot. */
    void admitted(String assigned) {
        name = assigned;
        state = State.READY;
        out.name(assigned + " " + address);
        Thread.currentThread().setName("ferry-conn " + assigned + " " + address);
        out.send(Wire.NO_ID, new Message.Welcome(Wire.PROTOCOL_VERSION, assigned, "ferryd/" + FerryVersion.get(),
                config.maxTransfers()));
        log.info("{} connected from {} ({} of {})", assigned, address, context.registry().connected() + 1,
                context.registry().maxClients());
    }

    /**
     * Ends the session, from any thread; the first ending wins. Frees the slot, stops transfers
     * (telling the client if the ending says so), queues the last frames and starts the linger
     * clock. An abrupt ending closes the socket, even after another ending.
     */
    void end(Ending why) {
        if (!ending.compareAndSet(null, why)) {
            if (why.abrupt()) {
                closeChannel();
            }
            return;
        }
        timeouts.startLinger(); // first: the watchdog closes a CLOSING session once its linger deadline is past
        state = State.CLOSING;
        context.registry().release(this, why.reason());
        List<ByteBuffer> transferErrors = transfers.stopAll(why.transferError());
        if (why.abrupt()) {
            closeChannel();
        } else {
            out.finish(why.goodbye(transferErrors));
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
        timeouts.check(now, state);
    }

    /**
     * Reads and discards what the client still sends until it closes its end, so closing ours does
     * not reset the connection and destroy the last frames in flight. Bounded by the linger
     * deadline, at which the watchdog closes the socket.
     */
    private void linger() {
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        try {
            for (;;) {
                scratch.clear();
                if (channel.read(scratch) < 0) {
                    return;
                }
            }
        } catch (IOException e) {
            // closed at the deadline, or reset by the peer: done either way
        }
    }

    /** Gives the writer what is left of the linger time to send the last frames. */
    private void awaitWriter() {
        try {
            out.awaitIdle(timeouts.lingerLeft());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeChannel() {
        out.close();
    }

    private void logEnd(Ending end) {
        if (name != null) {
            log.info("{} disconnected: {} (connected {})", name, end.reason(), SessionTimeouts.seconds(timeouts.age()));
        } else {
            log.info("{} {}", address, end.reason());
        }
    }

    // ----------------------------------------------------------------- Outbound.Listener

    @Override
    public void dataSent(Transfer transfer) {
        transfers.dataSent(transfer);
    }

    @Override
    public void writeFailed(IOException cause) {
        end(Ending.abrupt("connection lost while sending (" + cause.getMessage() + ")"));
    }

    @Override
    public void overflow(long queuedBytes) {
        log.warn("{} is not reading its replies: {} bytes queued", who(), queuedBytes);
        end(Ending.error(ErrorCode.TOO_MANY_REQUESTS, "more than " + config.maxQueuedBytes()
                + " bytes of replies are waiting to be read; disconnecting"));
    }

    private static String describe(Frame frame) {
        return frame.known() ? frame.message().type().name() : "frame type 0x%02x".formatted(frame.code());
    }
}
