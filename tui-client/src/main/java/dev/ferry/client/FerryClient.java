package dev.ferry.client;

import dev.ferry.client.FerryException.Kind;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.AboutReply;
import dev.ferry.protocol.Message.Ack;
import dev.ferry.protocol.Message.Bye;
import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Message.FileList;
import dev.ferry.protocol.Message.HelpReply;
import dev.ferry.protocol.Message.Pong;
import dev.ferry.protocol.Message.StatusReply;
import dev.ferry.protocol.Message.UptimeReply;
import dev.ferry.protocol.Message.Welcome;
import dev.ferry.protocol.Message.WhoReply;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.TruncatedFrameException;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to ferryd, for programs: the command line, the line shell and the terminal UI all
 * use it, and it knows nothing of terminals.
 *
 * <p>Every request returns a {@link CompletableFuture}; requests may overlap freely, and replies
 * are matched to them by id. One reader thread owns the socket's input: it completes futures,
 * writes downloads to disk and passes server events to the {@link ClientListener}. Writes are
 * serialised on the socket ({@link FrameSender}). Downloads hash on a small pool of threads owned
 * by the client; beyond the server's limit of transfers in flight, downloads wait their turn here
 * ({@link TransferSlots}). The connection is opened by a {@link Handshake}.
 */
public final class FerryClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FerryClient.class);

    /** Most file data a second, kept by the reader thread; see {@link ClientOptions#rateLimit()}. */
    private final RateLimit rate;
    /** Buffers kept for reuse when downloads return them. */
    private static final int KEPT_BUFFERS = 16;

    private final FrameSender sender;
    private final InetSocketAddress remote;
    private final Welcome welcome;
    private final ClientListener listener;
    private final FrameReader reader;
    private final Map<Integer, Call> calls = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final ExecutorService hashers;
    /** Writes downloads to disk, in order, so the reader thread only ever moves bytes off the socket. */
    private final ExecutorService disk;
    private final BufferPool buffers = new BufferPool(KEPT_BUFFERS);
    private final TransferSlots transfers;
    private final Thread readerThread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong dataBytes = new AtomicLong();
    /** How .part files are marked as Ferry's; tests put in a file system that keeps no marks. */
    private volatile PartFile parts = PartFile.ATTRIBUTES;
    private volatile boolean leaving;
    private volatile String goodbye;

    private FerryClient(Handshake.Welcomed connection, ClientListener listener, RateLimit rate) {
        this.rate = rate;
        this.sender = connection.sender();
        this.remote = connection.remote();
        this.welcome = connection.welcome();
        this.reader = connection.reader();
        this.listener = listener;
        this.transfers = new TransferSlots(welcome.maxTransfers());
        // one core stays free for the reader, so replies are read promptly however many files hash
        this.hashers = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
                threads("ferry-hash " + welcome.clientName()));
        this.disk = Executors.newSingleThreadExecutor(threads("ferry-disk " + welcome.clientName()));
        this.readerThread = new Thread(this::readLoop, "ferry-reader " + welcome.clientName());
        this.readerThread.setDaemon(true);
    }

    /**
     * Connects, says HELLO and waits for WELCOME.
     *
     * @throws FerryException {@link Kind#CONNECT} if no connection could be made,
     *     {@link Kind#REFUSED} if the server refused (see {@link FerryException#serverFull()}),
     *     {@link Kind#PROTOCOL} if the other end is not a Ferry server
     */
    public static FerryClient connect(ClientOptions options, ClientListener listener) throws FerryException {
        Handshake.Welcomed connection = Handshake.connect(options);
        FerryClient client = new FerryClient(connection, listener, RateLimit.of(options.rateLimit()));
        client.readerThread.start();
        Welcome welcome = connection.welcome();
        log.info("connected to {} as {} ({})", connection.where(), welcome.clientName(), welcome.server());
        return client;
    }

    // ----------------------------------------------------------------- what the server said

    /** The name the server gave this client, such as {@code Client02}. */
    public String name() {
        return welcome.clientName();
    }

    /** The server software, such as {@code ferryd/1.0.0}. */
    public String server() {
        return welcome.server();
    }

    /** True if the server lets this client change the repository, false if it may only read. */
    public boolean mayWrite() {
        return welcome.write();
    }

    /** Transfers the server lets this client have in flight at once. */
    public int maxTransfers() {
        return welcome.maxTransfers();
    }

    /** The server's address. */
    public InetSocketAddress remote() {
        return remote;
    }

    /** How the bytes travel: "TLS 1.3, TLS_AES_128_GCM_SHA256 (BoringSSL)" or "plain text". */
    public String security() {
        return sender.security();
    }

    /** File data received on this connection so far, in bytes. */
    public long dataBytesReceived() {
        return dataBytes.get();
    }

    /** True until the connection ends. */
    public boolean isOpen() {
        return !closed.get();
    }

    // ----------------------------------------------------------------- requests

    /** The repository's files, sorted by name. */
    public CompletableFuture<List<FileEntry>> list() {
        return call(new Message.ListFiles(), ReplyCall.paged(FileList.class, FileList::last, FileList::files));
    }

    /** The connection history, in order of admission. */
    public CompletableFuture<List<ConnectionRow>> status() {
        return call(new Message.Status(), ReplyCall.paged(StatusReply.class, StatusReply::last, StatusReply::rows));
    }

    /** Names of the clients connected now. */
    public CompletableFuture<List<String>> who() {
        return call(new Message.Who(), ReplyCall.paged(WhoReply.class, WhoReply::last, WhoReply::names));
    }

    /** One round trip; completes with its duration in nanoseconds. */
    public CompletableFuture<Long> ping() {
        long token = System.nanoTime();
        return call(new Message.Ping(token), ReplyCall.single(Pong.class, pong -> System.nanoTime() - pong.token()));
    }

    /** When the server started and how long it has been up. */
    public CompletableFuture<UptimeReply> uptime() {
        return call(new Message.Uptime(), ReplyCall.single(UptimeReply.class, reply -> reply));
    }

    /** The server's command summary. */
    public CompletableFuture<String> help() {
        return call(new Message.Help(), ReplyCall.single(HelpReply.class, HelpReply::text));
    }

    /** The server's name and version. */
    public CompletableFuture<AboutReply> about() {
        return call(new Message.About(), ReplyCall.single(AboutReply.class, reply -> reply));
    }

    /**
     * Says something to everyone connected; completes with the text the server acknowledged.
     * Text over {@link Wire#MAX_TEXT_BYTES} bytes fails at once without being sent.
     */
    public CompletableFuture<String> say(String text) {
        CompletableFuture<String> tooLong = tooLong(text);
        return tooLong != null ? tooLong : call(new Message.Say(text), ReplyCall.single(Ack.class, Ack::text));
    }

    /**
     * Says something to the client named {@code to} alone; completes with the text the server
     * acknowledged, or fails with the server's NO_SUCH_CLIENT if no such client is connected.
     */
    public CompletableFuture<String> msg(String to, String text) {
        CompletableFuture<String> tooLong = tooLong(text);
        if (tooLong != null) {
            return tooLong;
        }
        if (to.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Wire.MAX_NAME_BYTES) {
            return CompletableFuture.failedFuture(new FerryException(Kind.LOCAL, "no client has a name that long"));
        }
        return call(new Message.Msg(to, text), ReplyCall.single(Ack.class, Ack::text));
    }

    /** A failed reply for text over {@link Wire#MAX_TEXT_BYTES} bytes, or null if it fits. */
    private static CompletableFuture<String> tooLong(String text) {
        int bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes <= Wire.MAX_TEXT_BYTES) {
            return null;
        }
        return CompletableFuture.failedFuture(new FerryException(Kind.LOCAL, "message too long: " + bytes
                + " bytes, the limit is " + Wire.MAX_TEXT_BYTES));
    }

    /** Says goodbye: completes when the server answers BYE; the connection then closes. */
    public CompletableFuture<String> exit() {
        leaving = true;
        return call(new Message.Exit(), ReplyCall.single(Bye.class, Bye::reason));
    }

    PartFile parts() {
        return parts;
    }

    void parts(PartFile marks) {
        this.parts = marks;
    }

    /**
     * Downloads a file into {@code folder}, at the same relative path, verified by SHA-256. Starts
     * now, or as soon as fewer than {@link #maxTransfers()} downloads are in flight. Asking again
     * for a file already on its way to the same place returns that download.
     *
     * @param overwrite replace an existing file; otherwise an existing file fails the download
     */
    public Download download(String name, Path folder, boolean overwrite, DownloadListener progress) {
        DownloadCall call;
        try {
            call = new DownloadCall(this, name, folder, overwrite, progress);
        } catch (FerryException e) {
            Download refused = new Download(name, folder.resolve("-"));
            refused.result().completeExceptionally(e);
            return refused;
        }
        return transfers.start(call);
    }

    /**
     * Closes the connection at once. Requests in flight fail; downloads keep their .part files.
     * Use {@link #exit()} first for a polite goodbye.
     */
    @Override
    public void close() {
        leaving = true;
        sender.close();
        if (Thread.currentThread() != readerThread) {
            try {
                readerThread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        hashers.shutdown();
        disk.shutdown();
    }

    // ----------------------------------------------------------------- for calls

    int nextId() {
        int id = ids.incrementAndGet();
        return id == Wire.NO_ID ? ids.incrementAndGet() : id;
    }

    /** Registers a call under an id, then sends its request. */
    void request(int id, Message request, Call call) throws FerryException {
        if (closed.get()) {
            throw lost();
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

    /** Sends CANCEL, WINDOW and the like for a call (see {@link FrameSender#sendQuietly}). Any thread. */
    void sendQuietly(int id, Message message) {
        sender.sendQuietly(id, message);
    }

    BufferPool buffers() {
        return buffers;
    }

    ExecutorService hashers() {
        return hashers;
    }

    ExecutorService disk() {
        return disk;
    }

    /** Counts file data taken by the reader, and holds the reader back to keep to the rate limit. */
    void countData(int bytes) {
        dataBytes.addAndGet(bytes);
        rate.took(bytes);
    }

    TransferSlots transfers() {
        return transfers;
    }

    private <T> CompletableFuture<T> call(Message request, ReplyCall<?, T> call) {
        try {
            request(nextId(), request, call);
        } catch (FerryException e) {
            call.fail(e);
        }
        return call.future();
    }

    /**
     * Why a connection broke, in Ferry's words rather than the socket's ("Connection reset",
     * "Broken pipe"); a reason it does not know is passed on as it is.
     */
    static String lostReason(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(java.util.Locale.ROOT);
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

    // ----------------------------------------------------------------- the reader thread

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
        List<DownloadCall> queued = transfers.drain();
        pending.forEach(call -> call.fail(lost));
        queued.forEach(call -> call.fail(lost));
        hashers.shutdown();
        disk.shutdown();
        log.info("disconnected from {}: {}", dev.ferry.client.Formats.hostPort(remote), reason);
        listener.onClosed(reason, leaving);
    }

    private FerryException lost() {
        String reason = goodbye != null ? goodbye : "not connected";
        return new FerryException(Kind.LOST, reason);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> log.error("uncaught exception in {}", t.getName(), e));
            return thread;
        };
    }
}
