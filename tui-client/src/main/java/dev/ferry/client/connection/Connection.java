package dev.ferry.client.connection;

import dev.ferry.client.failure.FerryException.Kind;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.wording.Formats;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message.Bye;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Welcome;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.TruncatedFrameException;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One welcomed connection to ferryd: its one writer ({@link FrameSender}) and its one reader
 * thread, which owns the socket's input and hands each frame to the {@link Call} registered under
 * the frame's id, and server events to the {@link ClientListener}. Calls are registered and sent
 * through {@link Requests}; when the connection ends, every call still waiting fails once with
 * why, and then the owner's {@link Ending} runs.
 *
 * <p>State: open from {@link #open} (the handshake done) until the reader ends or {@link #close}
 * is called; {@code closed} turns once, and only then are the waiting calls failed.
 */
public final class Connection implements Requests {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);

    /** What the connection's owner does once it has ended: runs once, on the reader thread. */
    public interface Ending {
        /**
         * @param lost what to fail work still under way with
         * @param requested true if this side asked for the end (exit or close)
         */
        void ended(FerryException lost, boolean requested);
    }

    private final FrameSender sender;
    private final FrameReader reader;
    private final InetSocketAddress remote;
    private final Welcome welcome;
    private final Map<Integer, Call> calls = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread readerThread;
    private volatile ClientListener listener = ClientListener.NONE;
    private volatile Ending ending = (lost, requested) -> {};
    private volatile boolean leaving;
    private volatile String goodbye;

    private Connection(Handshake.Welcomed welcomed) {
        this.sender = welcomed.sender();
        this.reader = welcomed.reader();
        this.remote = welcomed.remote();
        this.welcome = welcomed.welcome();
        this.readerThread = new Thread(this::readLoop, "ferry-reader " + welcome.clientName());
        this.readerThread.setDaemon(true);
        log.info("connected to {} as {} ({})", welcomed.where(), welcome.clientName(), welcome.server());
    }

    /**
     * Connects, says HELLO and waits for WELCOME; nothing is read until {@link #start}.
     *
     * @throws FerryException {@link Kind#CONNECT} if no connection could be made,
     *     {@link Kind#REFUSED} if the server refused, {@link Kind#PROTOCOL} if the other end is not
     *     a Ferry server, {@link Kind#NOT_TRUSTED} if its fingerprint is not trusted
     */
    public static Connection open(ClientOptions options) throws FerryException {
        return new Connection(Handshake.connect(options));
    }

    /** Starts the reader: events go to {@code events}, and {@code whenEnded} runs once when the connection ends. */
    public void start(ClientListener events, Ending whenEnded) {
        this.listener = events;
        this.ending = whenEnded;
        readerThread.start();
    }

    public Welcome welcome() {
        return welcome;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** How the bytes travel: "TLS 1.3, TLS_AES_128_GCM_SHA256 (BoringSSL)" or "plain text". */
    public String security() {
        return sender.security();
    }

    @Override
    public boolean isOpen() {
        return !closed.get();
    }

    /** This side is saying goodbye: the end that follows is one it asked for. */
    public void leaving() {
        leaving = true;
    }

    @Override
    public int nextId() {
        int id = ids.incrementAndGet();
        return id == Wire.NO_ID ? ids.incrementAndGet() : id;
    }

    @Override
    public void request(int id, Message request, Call call) throws FerryException {
        if (closed.get()) {
            throw new FerryException(Kind.LOST, goodbye != null ? goodbye : "not connected");
        }
        calls.put(id, call);
        try {
            sender.send(id, request);
        } catch (IOException e) {
            calls.remove(id);
            throw new FerryException(Kind.LOST, null, "connection lost: " + lostReason(e), e);
        } catch (IllegalArgumentException e) {
            // a field beyond what the protocol can carry: nothing was sent, and no answer will come
            calls.remove(id);
            throw new FerryException(Kind.LOCAL, null, "not sent: " + e.getMessage(), e);
        }
    }

    /** Sends {@code request} under a new id; the future completes with what {@code call} makes of the answer. */
    public <T> java.util.concurrent.CompletableFuture<T> ask(Message request, ReplyCall<?, T> call) {
        try {
            request(nextId(), request, call);
        } catch (FerryException e) {
            call.fail(e);
        }
        return call.future();
    }

    @Override
    public void sendQuietly(int id, Message message) {
        sender.sendQuietly(id, message);
    }

    @Override
    public void send(int id, Message message) throws IOException {
        sender.send(id, message);
    }

    @Override
    public void sendData(int id, java.nio.ByteBuffer data) throws IOException {
        sender.sendData(id, data);
    }

    /** Closes the socket at once; the reader ends, and with it every call still waiting. */
    public void close() {
        leaving = true;
        sender.close();
        if (Thread.currentThread() != readerThread && readerThread.isAlive()) {
            try {
                readerThread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Why a connection broke, in Ferry's words rather than the socket's ("Connection reset",
     * "Broken pipe"); a reason it does not know is passed on as it is.
     */
    public static String lostReason(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("connection reset")) {
            return "the server reset the connection";
        }
        if (lower.contains("broken pipe")) {
            return "the server closed the connection while this side was sending";
        }
        if (lower.contains("timed out")) {
            return "the network stopped answering";
        }
        return message.isBlank() ? "the connection broke (" + e.getClass().getSimpleName() + ")" : message;
    }

    private void readLoop() {
        String reason;
        try {
            for (;;) {
                Frame frame = reader.read();
                if (frame == null) {
                    // an end of stream between frames with no BYE is as much a drop as a cut frame:
                    // a server killed outright ends either way, depending only on where it stopped
                    reason = goodbye != null ? goodbye : "connection lost: the server closed the connection without a goodbye";
                    break;
                }
                dispatch(frame);
            }
        } catch (TruncatedFrameException e) {
            reason = goodbye != null ? goodbye : "connection lost: " + e.getMessage();
        } catch (ProtocolException e) {
            log.warn("protocol error from {}: {}", remote, e.getMessage());
            reason = "the server broke the protocol: " + e.getMessage();
        } catch (IOException e) {
            reason = leaving ? "closed" : goodbye != null ? goodbye : "connection lost: " + lostReason(e);
        } catch (RuntimeException e) {
            log.error("reader failed", e);
            reason = "internal error: " + e;
        }
        shutDown(reason);
    }

    private void dispatch(Frame frame) throws IOException {
        if (!frame.known()) {
            return; // a frame type from a newer server: skipped
        }
        Message message = frame.message();
        if (frame.id() == Wire.NO_ID) {
            if (message instanceof Message.Event event) {
                listener.onEvent(event);
            } else if (message instanceof Bye bye) {
                goodbye = "the server said goodbye: " + bye.reason();
            } else if (message instanceof ErrorReply error) {
                goodbye = "the server closed the connection: " + error.message();
            }
            return;
        }
        Call call = calls.get(frame.id());
        if (call == null) {
            return; // a late frame for a cancelled or finished request; DATA is skipped by the next read
        }
        if (call.onFrame(message, reader)) {
            calls.remove(frame.id(), call);
        }
    }

    private void shutDown(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        sender.close();
        FerryException lost = new FerryException(Kind.LOST, null, reason);
        List<Call> pending = new ArrayList<>(calls.values());
        calls.clear();
        pending.forEach(call -> call.fail(lost));
        log.info("disconnected from {}: {}", Formats.hostPort(remote), reason);
        ending.ended(lost, leaving);
    }
}
