package dev.ferry.client.fake;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one stand-in for ferryd in the client's tests, as OkHttp's MockWebServer is for its
 * clients: it speaks the real protocol through the real codec, follows a script instead of the
 * rules, and records what it is asked. Loopback, ephemeral port, any number of connections, each
 * served by a {@link FakeSession} on a thread of its own.
 *
 * <p>The script ({@link Builder}) says how HELLO is answered (WELCOME, or REFUSED with any reason:
 * the fake checks nothing, so hostile text reaches the client as a broken server would send it),
 * which one file it serves, where a download from before the stall point stops and waits (a later
 * GET from there gets the rest, verified), whether that first part trickles on a schedule, which
 * digest it sends (a lying server sends another), and whether it resets the connection after the
 * first request. While it runs, a test can send events, say goodbye, shut down as ferryd does, go
 * silent or cut every connection.
 */
public final class FakeServer implements AutoCloseable {
    public static final int TRICKLE_CHUNK = 1024;
    /** The served file's modification time. */
    public static final Instant MODIFIED = Instant.parse("2026-01-02T03:04:05Z");

    /** How a fake is to behave; {@link #start} opens it. */
    public static final class Builder {
        String software = "fake/1";
        String file = "big.bin";
        byte[] content = new byte[0];
        long stallAt = -1;
        Duration trickle;
        byte[] digest;
        boolean anyName;
        ErrorCode refusal;
        String refusalReason;
        boolean reset;

        private Builder() {}

        /** What the server calls itself in WELCOME. */
        public Builder software(String name) {
            this.software = name;
            return this;
        }

        /** The one file it lists and serves. */
        public Builder file(String name, byte[] bytes) {
            this.file = name;
            this.content = bytes.clone();
            return this;
        }

        /** Serves its file under whatever name a GET asks for. */
        public Builder anyName() {
            this.anyName = true;
            return this;
        }

        /**
         * A download that starts before {@code offset} gets the bytes up to it and then nothing
         * more, until the client cancels or the test drops it; one that starts at or after it gets
         * the rest and the digest.
         */
        public Builder stallAt(long offset) {
            this.stallAt = offset;
            return this;
        }

        /** Sends the bytes before the stall point {@value #TRICKLE_CHUNK} at a time, one chunk every {@code every}. */
        public Builder trickle(Duration every) {
            this.trickle = every;
            return this;
        }

        /** Sends {@code sha256} at the end of every download instead of the content's. */
        public Builder digest(byte[] sha256) {
            this.digest = sha256.clone();
            return this;
        }

        /** Answers every HELLO with REFUSED and {@code reason}, then hangs up. */
        public Builder refuse(ErrorCode code, String reason) {
            this.refusal = code;
            this.refusalReason = reason;
            return this;
        }

        /** Reads the first request after the handshake and resets the connection instead of answering. */
        public Builder resetAfterFirstRequest() {
            this.reset = true;
            return this;
        }

        public FakeServer start() throws IOException {
            return new FakeServer(this);
        }
    }

    final Builder script;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    final ScheduledExecutorService pacer;
    private final List<FakeSession> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger names = new AtomicInteger();

    /** WELCOME says the client may write, and uploads are taken (see {@link FakeUploads}). */
    public volatile boolean writable;
    /** The window a PUT_READY opens. */
    public volatile int uploadWindow = 1 << 20;
    /** While true, data received is not granted back: uploads stall once their first window is spent. */
    public volatile boolean holdUploadWindows;
    /** After this many bytes of uploads on one connection, the connection is cut; -1 for never. */
    public volatile long cutUploadsAfter = -1;
    /** Every PUT, in order. */
    public final BlockingQueue<Message.Put> puts = new LinkedBlockingQueue<>();
    /** Uploads verified and renamed into place, by name. */
    public final java.util.Map<String, byte[]> uploaded = new java.util.concurrent.ConcurrentHashMap<>();
    /** What the server holds of uploads that stopped part-way, by name; a test may put some in. */
    public final java.util.Map<String, byte[]> held = new java.util.concurrent.ConcurrentHashMap<>();
    /** Every PUT_DATA frame received: {@code {System.nanoTime(), bytes}}. */
    public final BlockingQueue<long[]> uploadArrivals = new LinkedBlockingQueue<>();

    /** The offset of every GET of the served file, in order. */
    public final BlockingQueue<Long> gets = new LinkedBlockingQueue<>();
    /** The name of every GET, in order, exactly as it came. */
    public final BlockingQueue<String> getNames = new LinkedBlockingQueue<>();
    /** The token of every PING answered. */
    public final BlockingQueue<Long> pings = new LinkedBlockingQueue<>();
    /** One permit for each trickled chunk sent. */
    public final Semaphore trickled = new Semaphore(0);
    /** Opens when a client first grants the server more window. */
    public final CountDownLatch granted = new CountDownLatch(1);

    /** What the server calls itself, and the client names it gives out ({@code %02d} numbers them). */
    public volatile String software;
    public volatile String clientNames = "Client%02d";
    /** Files listed besides the served one; asking for one is NO_SUCH_FILE. */
    public volatile List<String> otherFiles = List.of();
    /** The digest sent at the end of a download. */
    public volatile byte[] digest;
    volatile boolean silent;

    private FakeServer(Builder script) throws IOException {
        this.script = script;
        this.software = script.software;
        this.digest = script.digest != null ? script.digest : sha256(script.content);
        pacer = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "fake-server-pacer"));
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        acceptor = new Thread(this::accept, "fake-server-accept");
        acceptor.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * ferryd's stand-in for downloads that stay in progress: serves {@code big.bin} of
     * {@code size} bytes and stalls at its half.
     */
    public static Builder stallingAtHalf(int size) {
        return builder().software("stalling/1").file("big.bin", pattern(size)).stallAt(size / 2);
    }

    /** {@code size} bytes that are not all alike. */
    public static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + i / 7);
        }
        return bytes;
    }

    public int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    /** The served file's name. */
    public String file() {
        return script.file;
    }

    public byte[] content() {
        return script.content.clone();
    }

    /** Where downloads stall. */
    public int half() {
        return (int) script.stallAt;
    }

    String nextClientName() {
        return clientNames.formatted(names.incrementAndGet());
    }

    /** Cuts every connection, as a network failure would. */
    public void dropAll() {
        sessions.forEach(FakeSession::close);
    }

    /** From now on answers nothing and sends nothing, but keeps every connection open: a hung server. */
    public void goSilent() {
        silent = true;
    }

    /** Says goodbye to every client with {@code reason}, then closes their connections. */
    public void byeAll(String reason) throws IOException {
        for (FakeSession session : sessions) {
            session.bye(reason);
        }
        dropAll();
    }

    /**
     * Shuts down as ferryd does: each download still stalled gets ERROR SHUTTING_DOWN, then every
     * client a NOTICE and BYE, then its connection is closed. The server goes on accepting, as a
     * restarted one would.
     */
    public void shutDown() throws IOException {
        for (FakeSession session : sessions) {
            session.shutDown();
        }
        dropAll();
    }

    /** Sends {@code event} to every client connected. */
    public void broadcast(Message.Event event) throws IOException {
        for (FakeSession session : sessions) {
            session.event(event);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        pacer.shutdownNow();
        pacer.awaitTermination(5, TimeUnit.SECONDS);
        dropAll();
        acceptor.join(5000);
        for (FakeSession session : sessions) {
            session.join(5000);
        }
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            FakeSession session = new FakeSession(this, client);
            sessions.add(session);
            session.start();
        }
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
