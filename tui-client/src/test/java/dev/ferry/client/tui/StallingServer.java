package dev.ferry.client.tui;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Ferry server for tests that need a download to stay in progress: it serves one file, and a
 * download from the start gets its first half and then nothing more, until the client cancels,
 * the test drops the connection, or a later GET asks for the rest (which it then sends whole and
 * verified). It answers pings until told to {@link #goSilent}. It can also trickle the first half
 * in small chunks on a schedule ({@link #trickling}), list more files than it has, send any event
 * the test likes ({@link #broadcast}), and give itself any name: hostile text included, since it
 * checks nothing. Speaks the real protocol through the real codec; loopback, ephemeral port.
 */
final class StallingServer implements AutoCloseable {
    static final String FILE = "big.bin";
    static final int TRICKLE_CHUNK = 1024;

    private final byte[] content;
    private final int half;
    private final Duration trickle;
    private final Instant modified = Instant.parse("2026-01-02T03:04:05Z");
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final ScheduledExecutorService pacer;
    private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
    private final List<Thread> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger names = new AtomicInteger();
    /** Each client's download waiting for its second half: the GET's id. */
    private final java.util.Map<SocketChannel, Integer> stalled = new java.util.concurrent.ConcurrentHashMap<>();
    /** The offset of every GET, in order. */
    final BlockingQueue<Long> gets = new LinkedBlockingQueue<>();
    /** The name of every GET, in order, exactly as it came. */
    final BlockingQueue<String> getNames = new LinkedBlockingQueue<>();
    /** The token of every PING answered. */
    final BlockingQueue<Long> pings = new LinkedBlockingQueue<>();
    /** One permit for each trickled chunk sent. */
    final Semaphore trickled = new Semaphore(0);
    /** What the server calls itself in WELCOME, and the client names it gives out ({@code %02d} numbers them). */
    volatile String software = "stalling/1";
    volatile String clientNames = "Client%02d";
    /** Files listed besides {@link #FILE}; asking for one is NO_SUCH_FILE. */
    volatile List<String> otherFiles = List.of();
    private volatile boolean silent;

    StallingServer(int size) throws IOException {
        this(size, null);
    }

    private StallingServer(int size, Duration trickle) throws IOException {
        content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (i * 31 + i / 7);
        }
        half = size / 2;
        this.trickle = trickle;
        pacer = trickle == null ? null : Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "stalling-server-pacer"));
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        acceptor = new Thread(this::accept, "stalling-server-accept");
        acceptor.start();
    }

    /** A server that sends the first half of a download {@value #TRICKLE_CHUNK} bytes at a time, one chunk every {@code every}. */
    static StallingServer trickling(int size, Duration every) throws IOException {
        return new StallingServer(size, every);
    }

    int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    byte[] content() {
        return content.clone();
    }

    int half() {
        return half;
    }

    /** Cuts every connection, as a network failure would. */
    void dropAll() {
        clients.forEach(StallingServer::closeQuietly);
        clients.clear();
    }

    /** From now on answers nothing and sends nothing, but keeps every connection open: a hung server. */
    void goSilent() {
        silent = true;
    }

    /** Says goodbye to every client with {@code reason}, then closes their connections. */
    void byeAll(String reason) throws IOException {
        for (SocketChannel client : clients) {
            send(client, Wire.NO_ID, new Message.Bye(reason));
        }
        dropAll();
    }

    /**
     * Shuts down as ferryd does: each download still waiting for its second half gets ERROR
     * SHUTTING_DOWN, then every client a NOTICE and BYE, then its connection is closed. The server
     * goes on accepting, as a restarted one would.
     */
    void shutDown() throws IOException {
        for (SocketChannel client : clients) {
            Integer id = stalled.remove(client);
            if (id != null) {
                send(client, id, new Message.ErrorReply(ErrorCode.SHUTTING_DOWN,
                        "get " + FILE + " stopped: server shutting down; get it again to resume"));
            }
            send(client, Wire.NO_ID, new Message.Notice(ErrorCode.SHUTTING_DOWN, "ferryd is shutting down"));
            send(client, Wire.NO_ID, new Message.Bye("ferryd is shutting down"));
        }
        dropAll();
    }

    /** Sends {@code event} to every client connected. */
    void broadcast(Message.Event event) throws IOException {
        for (SocketChannel client : clients) {
            send(client, Wire.NO_ID, event);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (pacer != null) {
            pacer.shutdownNow();
            pacer.awaitTermination(5, TimeUnit.SECONDS);
        }
        dropAll();
        acceptor.join(5000);
        for (Thread session : sessions) {
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
            clients.add(client);
            Thread session = new Thread(() -> serve(client), "stalling-server-session");
            sessions.add(session);
            session.start();
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            FrameReader reader = new FrameReader(client, Peer.CLIENT, 64 * 1024);
            Frame hello = reader.read();
            if (hello == null || !(hello.message() instanceof Message.Hello)) {
                return;
            }
            String name = clientNames.formatted(names.incrementAndGet());
            send(client, Wire.NO_ID, new Message.Welcome(Wire.PROTOCOL_VERSION, name, software, 4));
            for (Frame frame = reader.read(); frame != null; frame = reader.read()) {
                if (!answer(client, frame, name)) {
                    return;
                }
            }
        } catch (IOException ended) {
            // the client went away, or the test dropped it
        }
    }

    private boolean answer(SocketChannel client, Frame frame, String name) throws IOException {
        int id = frame.id();
        Message message = frame.message();
        if (silent) {
            return true;
        }
        if (message instanceof Message.ListFiles) {
            List<Message.FileEntry> files = new ArrayList<>();
            files.add(new Message.FileEntry(FILE, content.length, modified));
            otherFiles.forEach(other -> files.add(new Message.FileEntry(other, 1, modified)));
            send(client, id, new Message.FileList(files, true));
        } else if (message instanceof Message.Status) {
            send(client, id, new Message.StatusReply(List.of(
                    new Message.ConnectionRow(name, "127.0.0.1:1", Instant.now(), null)), true));
        } else if (message instanceof Message.Get get) {
            getNames.add(get.name());
            if (get.name().equals(FILE)) {
                gets.add(get.offset());
            }
            sendFile(client, id, get);
        } else if (message instanceof Message.Ping ping) {
            send(client, id, new Message.Pong(ping.token()));
            pings.add(ping.token());
        } else if (message instanceof Message.Cancel) {
            send(client, id, new Message.ErrorReply(ErrorCode.CANCELLED, "cancelled"));
        } else if (message instanceof Message.Say say) {
            send(client, id, new Message.Ack(say.text()));
        } else if (message instanceof Message.Exit) {
            send(client, id, new Message.Bye("goodbye"));
            return false;
        } else {
            send(client, id, new Message.ErrorReply(ErrorCode.UNKNOWN_COMMAND, "not here"));
        }
        return true;
    }

    private void sendFile(SocketChannel client, int id, Message.Get get) throws IOException {
        if (!get.name().equals(FILE)) {
            send(client, id, new Message.ErrorReply(ErrorCode.NO_SUCH_FILE, "no such file: " + get.name()));
            return;
        }
        long offset = get.offset();
        send(client, id, new Message.FileHeader(content.length, offset, modified));
        int end = offset < half ? half : content.length;
        if (end == half) {
            stalled.put(client, id);
        }
        if (trickle != null && end == half) {
            trickleData(client, id, (int) offset);
            return;
        }
        sendData(client, id, (int) offset, end);
        if (end == content.length) {
            send(client, id, new Message.FileEnd(sha256()));
        }
    }

    private void sendData(SocketChannel client, int id, int from, int to) throws IOException {
        for (int start = from; start < to; start += 64 * 1024) {
            int length = Math.min(64 * 1024, to - start);
            ByteBuffer frame = ByteBuffer.allocate(Wire.HEADER_SIZE + length);
            MessageCodec.putDataHeader(id, length, frame);
            frame.put(content, start, length).flip();
            write(client, frame);
        }
    }

    /** Sends from {@code from} up to half, a chunk per tick of the pacer, while the session goes on reading. */
    private void trickleData(SocketChannel client, int id, int from) {
        int[] next = {from};
        long period = trickle.toNanos();
        pacer.scheduleAtFixedRate(() -> {
            if (next[0] >= half || silent || !client.isOpen()) {
                throw new CancellationException("done"); // ends this schedule
            }
            int to = Math.min(half, next[0] + TRICKLE_CHUNK);
            try {
                sendData(client, id, next[0], to);
            } catch (IOException e) {
                throw new CancellationException("the client went away");
            }
            next[0] = to;
            trickled.release();
        }, 0, period, TimeUnit.NANOSECONDS);
    }

    private byte[] sha256() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(SocketChannel client, int id, Message message) throws IOException {
        write(client, MessageCodec.encode(id, message));
    }

    /** Whole frames only, whichever thread writes: the session, the pacer, or the test broadcasting. */
    private static void write(SocketChannel client, ByteBuffer frame) throws IOException {
        synchronized (client) {
            while (frame.hasRemaining()) {
                client.write(frame);
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
