package dev.ferry.daemon.testing;

import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A bare protocol client for tests: frames in and out of a socket, nothing else, through TLS 1.3
 * as ferryd speaks by default (the JDK's own {@code SSLSocket}, trusting any certificate), or in
 * plain text ({@link #connectPlain}). Every read times out, and every write has a deadline
 * ({@link #write}), so a test that waits for a frame that never comes, or writes to a daemon that
 * stopped reading, fails instead of hanging.
 */
public final class RawClient implements AutoCloseable {
    /** How long a write may block before the socket is closed under it. */
    public static final Duration WRITE_DEADLINE = Duration.ofSeconds(20);
    /** Closes sockets whose write has passed its deadline: a blocked socket write heeds nothing else. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "raw-client write deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private final Socket socket;
    /** The TCP socket under the TLS one, or the socket itself in plain text. */
    private final Socket plain;
    private final FrameReader reader;

    private RawClient(Socket socket) throws IOException {
        this(socket, socket);
    }

    private RawClient(Socket socket, Socket plain) throws IOException {
        this.socket = socket;
        this.plain = plain;
        this.reader = new FrameReader(Channels.newChannel(socket.getInputStream()), Peer.SERVER, 64 * 1024);
    }

    /** Connects without saying anything. */
    public static RawClient connect(InetSocketAddress address) throws IOException {
        return connect(address, null);
    }

    /** Daemons of this test run started without TLS, by address: a raw client speaks plain text to them. */
    private static final java.util.Set<InetSocketAddress> PLAIN_TEXT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Says that the daemon at {@code address} speaks plain text; {@link TestDaemon} does. */
    public static void plainTextAt(InetSocketAddress address) {
        PLAIN_TEXT.add(address);
    }

    /**
     * Forgets that the daemon at {@code address} spoke plain text, once it has stopped: a daemon
     * started later on the same ephemeral port may speak TLS.
     */
    public static void plainTextGone(InetSocketAddress address) {
        PLAIN_TEXT.remove(address);
    }

    /**
     * Connects from a given local address (any port) and runs the TLS handshake, unless the daemon
     * there speaks plain text, without saying anything.
     */
    public static RawClient connect(InetSocketAddress address, java.net.InetAddress from) throws IOException {
        return connect(address, from, 0);
    }

    /**
     * Connects as {@link #connect(InetSocketAddress, java.net.InetAddress)} does, with a socket
     * receive buffer of {@code receiveBuffer} bytes (0: the system's): a small one shuts the TCP
     * window soon once the client stops reading.
     */
    public static RawClient connect(InetSocketAddress address, java.net.InetAddress from, int receiveBuffer)
            throws IOException {
        Socket plain = plainSocket(address, from, receiveBuffer);
        if (PLAIN_TEXT.contains(address)) {
            return new RawClient(plain);
        }
        SSLSocket socket = (SSLSocket) TLS.getSocketFactory().createSocket(plain,
                address.getHostString(), address.getPort(), true);
        socket.setEnabledProtocols(new String[] {"TLSv1.3"});
        socket.startHandshake();
        return new RawClient(socket, plain);
    }

    /** Connects in plain text: to a daemon started without TLS, or to send a TLS port what it refuses. */
    public static RawClient connectPlain(InetSocketAddress address) throws IOException {
        return new RawClient(plainSocket(address, null, 0));
    }

    private static Socket plainSocket(InetSocketAddress address, java.net.InetAddress from, int receiveBuffer)
            throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer); // before connecting, so the window is offered so
        }
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(address, 5000);
        socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** Trusts whatever certificate the daemon shows: these tests are about frames, not identities. */
    private static final SSLContext TLS = trustingContext();

    private static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                    throw new UnsupportedOperationException("a client");
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // any server
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Connects and says HELLO; returns the client, whose first frame is then WELCOME or REFUSED. */
    public static RawClient hello(InetSocketAddress address) throws IOException {
        RawClient client = connect(address);
        client.send(Wire.NO_ID, new Message.Hello(Wire.PROTOCOL_VERSION, "raw-test"));
        return client;
    }

    /** Connects from {@code from} (null: any local address) and says HELLO with an access key's secret. */
    public static RawClient hello(InetSocketAddress address, java.net.InetAddress from, String key) throws IOException {
        RawClient client = connect(address, from);
        client.send(Wire.NO_ID, new Message.Hello(Wire.PROTOCOL_VERSION, "raw-test", key));
        return client;
    }

    /** Connects, says HELLO with an access key's secret and expects WELCOME. */
    public static RawClient admitted(InetSocketAddress address, String key) throws IOException {
        return welcomed(hello(address, null, key));
    }

    /** Connects, says HELLO and expects WELCOME; returns the assigned name via {@link #welcome}. */
    public static RawClient admitted(InetSocketAddress address) throws IOException {
        return welcomed(hello(address));
    }

    private static RawClient welcomed(RawClient client) throws IOException {
        Message first = client.next().message();
        if (!(first instanceof Message.Welcome)) {
            client.close();
            throw new IllegalStateException("expected WELCOME, got " + first);
        }
        client.welcome = (Message.Welcome) first;
        return client;
    }

    private Message.Welcome welcome;

    public Message.Welcome welcome() {
        return welcome;
    }

    public void send(int id, Message message) throws IOException {
        sendRaw(MessageCodec.encode(id, message));
    }

    public void sendRaw(ByteBuffer bytes) throws IOException {
        byte[] array = new byte[bytes.remaining()];
        bytes.duplicate().get(array);
        sendRaw(array);
    }

    public void sendRaw(byte[] bytes) throws IOException {
        write(socket, plain, bytes, WRITE_DEADLINE);
    }

    /**
     * Writes all of {@code bytes} to {@code socket}, or closes the socket if that takes longer than
     * {@code deadline}: a write blocked on a peer that stopped reading wakes no other way.
     *
     * @throws WriteDeadlineException if the deadline passed (the socket is closed then)
     */
    public static void write(Socket socket, byte[] bytes, Duration deadline) throws IOException {
        write(socket, socket, bytes, deadline);
    }

    /** The same, closing {@code underneath} at the deadline: the TCP socket under a TLS one, which closes without a word. */
    private static void write(Socket socket, Socket underneath, byte[] bytes, Duration deadline) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> alarm = DEADLINES.schedule(() -> {
            expired.set(true);
            try {
                underneath.close();
            } catch (IOException e) {
                // closing is all there was to do
            }
        }, deadline.toNanos(), TimeUnit.NANOSECONDS);
        try {
            OutputStream stream = socket.getOutputStream();
            stream.write(bytes);
            stream.flush();
        } catch (IOException e) {
            if (expired.get()) {
                throw new WriteDeadlineException(bytes.length, deadline);
            }
            throw e;
        } finally {
            alarm.cancel(false);
        }
    }

    /** Writes what {@code buffer} has left to {@code socket} within {@code deadline}; see {@link #write(Socket, byte[], Duration)}. */
    public static void write(Socket socket, ByteBuffer buffer, Duration deadline) throws IOException {
        byte[] array = new byte[buffer.remaining()];
        buffer.duplicate().get(array);
        write(socket, array, deadline);
    }

    /** A write was still blocked at its deadline: the peer stopped reading. */
    public static final class WriteDeadlineException extends IOException {
        WriteDeadlineException(int bytes, Duration deadline) {
            super("a write of " + bytes + " bytes was still blocked after " + deadline.toMillis()
                    + " ms: the peer stopped reading; the socket is closed");
        }
    }

    /** The next frame, or null at end of stream. DATA payloads are skipped unless read with {@link #data}. */
    public Frame next() throws IOException {
        return reader.read();
    }

    /** The next frame that is not DATA, counting the DATA bytes skipped on the way into {@code skipped[0]}. */
    public Frame nextControl(long[] skipped) throws IOException {
        for (;;) {
            Frame frame = reader.read();
            if (frame == null || !(frame.message() instanceof Message.Data data)) {
                return frame;
            }
            skipped[0] += data.length();
        }
    }

    /** The payload of the DATA frame just read. */
    public byte[] data() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(reader.dataRemaining());
        reader.readData(buffer);
        return buffer.array();
    }

    /** Reads until the server closes; true if it did within the read timeout. */
    public boolean closedByServer() throws IOException {
        try {
            while (reader.read() != null) {
                // discard
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset counts as closed
        }
    }

    /** Resets the connection without a word (no TLS close_notify either), as a killed process does. */
    public void vanish() throws IOException {
        plain.setSoLinger(true, 0);
        plain.close();
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
