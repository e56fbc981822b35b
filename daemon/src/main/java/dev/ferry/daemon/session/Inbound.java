package dev.ferry.daemon.session;

import static dev.ferry.daemon.session.Session.log;

import dev.ferry.daemon.access.AuthGuard;
import dev.ferry.daemon.access.AuthMode;
import dev.ferry.daemon.access.Verdict;
import dev.ferry.daemon.shared.LogText;
import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.daemon.transfer.Transfers;
import dev.ferry.daemon.writer.Outbound;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FerryVersion;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message.Exit;
import dev.ferry.protocol.Message.Hello;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.MessageType;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.TruncatedFrameException;
import dev.ferry.protocol.Wire;
import dev.ferry.settings.Durations;
import dev.ferry.transport.NotTlsException;
import dev.ferry.transport.TlsTransport;
import dev.ferry.transport.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Everything one connection receives comes through here: the single reader of its socket, run on
 * the session's thread alone.
 *
 * <p>The handshake comes first: TLS's, unless ferryd runs in plain text, then HELLO, both within
 * the handshake timeout, a supported version, a free
 * slot; otherwise REFUSED. Then every frame is decoded into a typed request and handed to
 * {@link RequestHandler} or {@link Transfers}; everything sent goes through the session's
 * {@link Outbound}. Once the session is ending, {@link #linger()} reads and discards what the
 * client still sends. It logs through the session's logger, so that a connection's story reads as one.
 */
final class Inbound {
    private final ReaderSide session;
    private final Transport channel;
    private final SessionContext context;
    private final Outbound out;
    private final Transfers transfers;
    private final RequestHandler requests;
    private final SessionTimeouts timeouts;
    /** The client has been throttled at least once: said in the log the first time only. */
    private boolean throttled;

    Inbound(ReaderSide session, Transport channel, SessionContext context, Outbound out, Transfers transfers,
            RequestHandler requests, SessionTimeouts timeouts) {
        this.session = session;
        this.channel = channel;
        this.context = context;
        this.out = out;
        this.transfers = transfers;
        this.requests = requests;
        this.timeouts = timeouts;
    }

    /** Reads and serves until the session ends; returns the reader's view of why. */
    Ending read() {
        try {
            return serve();
        } catch (NotTlsException e) {
            return refusePlainText();
        } catch (SSLException e) {
            log.info("{} TLS handshake failed: {}", session.who(), e.getMessage());
            return Ending.abrupt("TLS handshake failed (" + e.getMessage() + ")");
        } catch (TruncatedFrameException e) {
            return Ending.quiet("connection lost (" + e.getMessage() + ")");
        } catch (ProtocolException e) {
            Ending ended = session.endedBy();
            if (ended != null) {
                return ended; // the stream was cut on purpose
            }
            log.warn("{} broke the protocol: {}", session.who(), LogText.clip(e.getMessage()));
            return session.inHandshake() ? Ending.refused(e.code(), e.getMessage()) : Ending.error(e.code(), e.getMessage());
        } catch (ClosedChannelException e) {
            return Ending.abrupt("connection closed");
        } catch (IOException e) {
            return Ending.quiet("connection lost (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            log.error("{} internal error", session.who(), e);
            return Ending.error(ErrorCode.INTERNAL, "internal server error; the server log has the details");
        }
    }

    /**
     * Serves while holding back the replies it queues, to write them itself (see
     * {@link Outbound#flush}) before it waits for the client again: a reply then costs no wake-up of
     * another thread.
     */
    private Ending serve() throws IOException {
        if (channel instanceof TlsTransport tls) {
            tls.handshake();
        }
        FrameReader reader = new FrameReader(channel, Peer.CLIENT, 512);
        out.holdReplies();
        try {
            return serve(reader);
        } finally {
            out.stopHolding();
        }
    }

    private Ending serve(FrameReader reader) throws IOException {
        Frame first = reader.read();
        if (first == null) {
            return Ending.quiet("closed the connection before saying HELLO");
        }
        Ending ended = session.endedBy();
        if (ended != null) {
            return ended;
        }
        if (!(first.message() instanceof Hello hello)) {
            throw new ProtocolException("expected HELLO, got " + describe(first));
        }
        if (first.id() != Wire.NO_ID) {
            throw new ProtocolException("HELLO carries id 0, not " + Integer.toUnsignedString(first.id()));
        }
        if (hello.version() != Wire.PROTOCOL_VERSION) {
            log.info("{} refused: it speaks protocol version {}", session.address(), hello.version());
            return Ending.refused(ErrorCode.UNSUPPORTED_VERSION, "this client speaks protocol version "
                    + hello.version() + "; ferryd " + FerryVersion.get() + " speaks version " + Wire.PROTOCOL_VERSION
                    + (hello.version() < Wire.PROTOCOL_VERSION ? ": update the client" : ": update ferryd"));
        }
        Ending denied = authenticate(hello);
        if (denied != null) {
            return denied;
        }
        if (!session.admit()) {
            int max = context.registry().maxClients();
            return Ending.refused(ErrorCode.SERVER_FULL, "server full: " + max + " of " + max
                    + " clients are connected; try again when one leaves");
        }
        for (;;) {
            if (!reader.hasBufferedFrame()) {
                out.flush(); // the client may be waiting for these before it sends more
            }
            if (awaitRoom()) {
                return Ending.quiet("interrupted");
            }
            Frame frame = reader.read();
            if (frame == null) {
                return Ending.quiet("closed the connection");
            }
            Ending endedMeanwhile = session.endedBy();
            if (endedMeanwhile != null) {
                return endedMeanwhile;
            }
            timeouts.heard();
            checkId(frame);
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
            if (message instanceof Message.PutData data) {
                transfers.data(frame.id(), data.length(), reader); // what it leaves unread, read() skips
                continue;
            }
            dispatch(frame.id(), message);
        }
    }

    /**
     * Every frame after HELLO names its request with an id of its own. Id 0 is what frames that
     * answer no request carry, and a reply to a request that reused a running transfer's id would
     * land among that transfer's frames: the client could not tell either answer apart, so both end
     * the connection with an ERROR (id 0) whose code says which. CANCEL, WINDOW, PUT_DATA and
     * PUT_END are the exceptions: their id is the transfer's.
     */
    private void checkId(Frame frame) throws ProtocolException {
        if (frame.id() == Wire.NO_ID) {
            throw new ProtocolException(ErrorCode.BAD_ID, "request id 0 is reserved for frames that answer no"
                    + " request; number requests from 1 (" + describe(frame) + ")");
        }
        if (frame.known() && Transfers.carriesTransferId(frame.message().type())) {
            return;
        }
        if (transfers.running(frame.id())) {
            throw new ProtocolException(ErrorCode.ID_IN_USE, "request id " + frame.id() + " (" + describe(frame)
                    + ") is still in use by a running transfer; every request needs an id of its own");
        }
    }

    /**
     * Reads no more while the client's replies waiting to be written come to its pause point
     * ({@link Outbound#awaitRoom}): the client is throttled to the pace at which it reads. True if
     * the wait was interrupted.
     */
    private boolean awaitRoom() {
        try {
            if (out.awaitRoom() && !throttled) {
                throttled = true;
                log.info("{} asks faster than it reads its replies: not reading from it until they drain", session.who());
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * Checks the client's access key, unless the server needs none; returns the refusal, or null
     * with the session's access set. An address locked out after too many wrong keys is refused
     * whatever it presents; a wrong key is counted against its address and answered only after a
     * pause, which slows guessing to a crawl. A known key on a server that needs none still names
     * the client and gives it the key's permissions.
     */
    private Ending authenticate(Hello hello) {
        boolean required = context.config().auth() == AuthMode.KEYS;
        if (!required && !hello.hasKey()) {
            return null;
        }
        AuthGuard guard = context.guard();
        Duration locked = guard.lockedFor(session.host());
        if (required && !locked.isZero()) {
            log.info("{} refused: its address is locked out for {} more after failed access keys", session.address(),
                    Durations.format(locked));
            return Ending.refused(ErrorCode.LOCKED_OUT, "too many failed access keys from " + session.host()
                    + "; try again in " + Durations.format(locked.plusSeconds(1)));
        }
        Verdict verdict = context.keys().check(hello.key());
        if (verdict instanceof Verdict.Granted granted) {
            guard.succeeded(session.host());
            session.granted(granted.access());
            context.keys().used(granted.access());
            return null;
        }
        Verdict.Denied refusal = (Verdict.Denied) verdict;
        if (!required) {
            log.info("{} presented {}; let in without a key, as the server needs none", session.address(), refusal.logged());
            return null;
        }
        AuthGuard.Failure failure = guard.failed(session.host());
        log.warn("{} failed authentication: {} ({} of {} allowed in {} from its address){}", session.address(),
                refusal.logged(), failure.recent(), AuthGuard.MAX_FAILURES, Durations.format(AuthGuard.WINDOW),
                failure.lockedOut() ? "; " + session.host() + " is locked out for " + Durations.format(AuthGuard.LOCKOUT) : "");
        pause(failure.pause());
        return Ending.refused(refusal.code(), refusal.reason());
    }

    /** Holds a wrong key's answer back; the session's thread has nothing else to do meanwhile. */
    private static void pause(Duration pause) {
        if (pause.isZero()) {
            return;
        }
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
            if (Transfers.handles(request.type())) {
                transfers.handle(id, request);
            } else {
                requests.handle(id, request);
            }
        } catch (RequestFailure e) {
            if (session.admitLog("refused")) {
                log.info("{} {} refused: {}", session.who(), request.type(), LogText.clip(e.getMessage()));
            }
            out.send(id, new Message.ErrorReply(e.code(), e.getMessage()));
        } catch (ProtocolException e) {
            throw e;
        } catch (IOException e) {
            if (session.admitLog("failed")) {
                log.warn("{} {} failed: {}", session.who(), request.type(), LogText.clip(e.toString()));
            }
            out.send(id, new Message.ErrorReply(ErrorCode.READ_FAILED,
                    request.type().name().toLowerCase() + " failed on the server: " + e.getMessage()));
        } catch (RuntimeException e) {
            if (session.admitLog("failed")) {
                log.error("{} {} failed", session.who(), request.type(), e);
            }
            out.send(id, new Message.ErrorReply(ErrorCode.INTERNAL, "internal server error; the server log has the details"));
        }
    }

    /**
     * Reads and discards what the client still sends until it closes its end, so closing ours does
     * not reset the connection and destroy the last frames in flight. Bounded by the linger
     * deadline, at which the watchdog closes the socket.
     */
    void linger() {
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        try {
            for (;;) {
                scratch.clear();
                if (channel.socket().read(scratch) < 0) { // TLS records too: all of it is discarded
                    return;
                }
            }
        } catch (IOException e) {
            // closed at the deadline, or reset by the peer: done either way
        }
    }

    /**
     * Plain text on the TLS port: most likely a Ferry client told to connect without TLS. It gets
     * a REFUSED frame in plain text, which such a client can read, and the connection ends.
     */
    private Ending refusePlainText() {
        log.info("{} refused: it sent plain text; this server speaks TLS", session.who());
        ByteBuffer frame = MessageCodec.encode(Wire.NO_ID, new Message.Refused(ErrorCode.PROTOCOL_ERROR,
                "this server speaks TLS; connect without --no-tls"));
        try {
            while (frame.hasRemaining()) {
                if (channel.socket().write(frame) == 0) {
                    break;
                }
            }
            channel.socket().shutdownOutput();
        } catch (IOException e) {
            // the client is gone already
        }
        return Ending.quiet("refused: sent plain text to the TLS port");
    }

    private static String describe(Frame frame) {
        return frame.known() ? frame.message().type().name() : "frame type 0x%02x".formatted(frame.code());
    }
}
