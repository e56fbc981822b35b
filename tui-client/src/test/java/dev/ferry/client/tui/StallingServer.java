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
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Ferry server for tests that need a download to stay in progress: it serves one file, and a
 * download from the start gets its first half and then nothing more, until the client cancels,
 * the test drops the connection, or a later GET asks for the rest (which it then sends whole and
 * verified). Speaks the real protocol through the real codec; loopback, ephemeral port.
 */
final class StallingServer implements AutoCloseable {
    static final String FILE = "big.bin";

    private final byte[] content;
    private final int half;
    private final Instant modified = Instant.parse("2026-01-02T03:04:05Z");
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
    private final List<Thread> sessions = new CopyOnWriteArrayList<>();
    private final AtomicInteger names = new AtomicInteger();
    /** The offset of every GET, in order. */
    final BlockingQueue<Long> gets = new LinkedBlockingQueue<>();

    StallingServer(int size) throws IOException {
        content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (i * 31 + i / 7);
        }
        half = size / 2;
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        acceptor = new Thread(this::accept, "stalling-server-accept");
        acceptor.start();
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

    @Override
    public void close() throws InterruptedException {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
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
            String name = "Client%02d".formatted(names.incrementAndGet());
            send(client, Wire.NO_ID, new Message.Welcome(Wire.PROTOCOL_VERSION, name, "stalling/1", 4));
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
        if (message instanceof Message.ListFiles) {
            send(client, id, new Message.FileList(List.of(new Message.FileEntry(FILE, content.length, modified)), true));
        } else if (message instanceof Message.Status) {
            send(client, id, new Message.StatusReply(List.of(
                    new Message.ConnectionRow(name, "127.0.0.1:1", Instant.now(), null)), true));
        } else if (message instanceof Message.Get get) {
            gets.add(get.offset());
            sendFile(client, id, get);
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

    private static void write(SocketChannel client, ByteBuffer frame) throws IOException {
        while (frame.hasRemaining()) {
            client.write(frame);
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
