package dev.ferry.client.connection;

import dev.ferry.client.failure.FerryException.Kind;
import dev.ferry.client.failure.FerryException;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message.Refused;
import dev.ferry.protocol.Message.Welcome;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Wire;
import dev.ferry.transport.Fingerprint;
import dev.ferry.transport.NotTlsException;
import dev.ferry.transport.PlainTransport;
import dev.ferry.transport.TlsEngines;
import dev.ferry.transport.TlsTransport;
import dev.ferry.transport.Transport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;

/**
 * Opening a connection to ferryd: the TCP connection, TLS and the server's fingerprint checked
 * against the pins, HELLO, and WELCOME or REFUSED, with each way that can fail said in one line. Runs on the caller's thread, before the client's reader exists;
 * a server that accepts but never answers HELLO is cut off after the connect timeout.
 */
final class Handshake {
    /** Buffered bytes for headers and replies; file data goes around it, straight into download buffers. */
    private static final int READ_BUFFER = 16 * 1024;

    /** A connection the server has welcomed, {@code where} as the user gave it. */
    record Welcomed(String where, InetSocketAddress remote, FrameSender sender, FrameReader reader, Welcome welcome) {}

    private Handshake() {}

    /**
     * Connects, says HELLO and waits for WELCOME; fails as {@link dev.ferry.client.FerryClient#connect} says. If the
     * user was asked about the server's fingerprint, the server may have given up waiting for HELLO
     * meanwhile: then the connection is made once more, the server now pinned.
     */
    static Welcomed connect(ClientOptions options) throws FerryException {
        boolean[] asked = {false};
        try {
            return connect(options, asked);
        } catch (FerryException e) {
            if (!asked[0] || e.kind() == Kind.NOT_TRUSTED) {
                throw e;
            }
            return connect(options, new boolean[1]);
        }
    }

    private static Welcomed connect(ClientOptions options, boolean[] asked) throws FerryException {
        String where = options.host() + ":" + options.port();
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw new FerryException(Kind.CONNECT, "cannot connect to " + where + ": unknown host");
        }
        if (!options.tls()) {
            plainTextAllowed(address, where);
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.socket().connect(address, (int) Math.max(1, options.connectTimeout().toMillis()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Transport transport = options.tls() ? secure(channel, options, where, asked) : new PlainTransport(channel);
            FrameReader reader = new FrameReader(transport, Peer.SERVER, READ_BUFFER);
            FrameSender sender = new FrameSender(transport);
            Welcome welcome = hello(channel, sender, reader, options, where);
            return new Welcomed(where, address, sender, reader, welcome);
        } catch (FerryException e) {
            FrameSender.closeQuietly(channel);
            throw e;
        } catch (ConnectException e) {
            FrameSender.closeQuietly(channel);
            throw new FerryException(Kind.CONNECT, null, "cannot connect to " + where + ": connection refused (is ferryd running?)", e);
        } catch (SocketTimeoutException e) {
            FrameSender.closeQuietly(channel);
            throw new FerryException(Kind.CONNECT, null, "cannot connect to " + where + ": timed out after "
                    + options.connectTimeout().toSeconds() + " s", e);
        } catch (NoRouteToHostException e) {
            FrameSender.closeQuietly(channel);
            throw new FerryException(Kind.CONNECT, null, "cannot connect to " + where + ": no route to host", e);
        } catch (IOException e) {
            FrameSender.closeQuietly(channel);
            throw new FerryException(Kind.CONNECT, null, "cannot connect to " + where + ": " + Connection.lostReason(e), e);
        }
    }

    /**
     * Plain text goes only to a loopback address, as ferryd speaks it only there: beyond this
     * machine the traffic, and the access key in HELLO, would cross the network readable by anyone
     * on the way. Checked before any connection is made.
     */
    static void plainTextAllowed(InetSocketAddress address, String where) throws FerryException {
        if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
            throw new FerryException(Kind.NOT_TRUSTED, "refusing to connect to " + where + " in plain text: --no-tls is"
                    + " for a ferryd on this machine's loopback only; connect without it to use TLS");
        }
    }

    /**
     * TLS's handshake, within the connect timeout, then the server's fingerprint against the pins.
     * A server that answers in plain text is most likely a ferryd started with --no-tls, or one
     * refusing the connection before TLS (too many handshakes): its frame says which.
     */
    private static Transport secure(SocketChannel channel, ClientOptions options, String where, boolean[] asked)
            throws IOException {
        TlsTransport tls = TlsEngines.client().open(channel);
        AtomicBoolean done = new AtomicBoolean();
        SocketChannel socket = channel;
        CompletableFuture.delayedExecutor(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!done.get()) {
                FrameSender.closeQuietly(socket);
            }
        });
        try {
            tls.handshake();
        } catch (NotTlsException e) {
            throw plainTextAnswer(e.received(), channel, where);
        } catch (SSLException e) {
            throw new FerryException(Kind.CONNECT, null, "cannot connect to " + where + ": TLS handshake failed ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            if (!channel.isOpen()) {
                throw new FerryException(Kind.CONNECT, "cannot connect to " + where + ": no TLS handshake within "
                        + options.connectTimeout().toSeconds() + " s");
            }
            throw e;
        } finally {
            done.set(true);
        }
        String fingerprint = Fingerprint.of(tls.peerCertificate());
        asked[0] = options.trust().check(where, fingerprint);
        return tls;
    }

    /** What a server said in plain text to a TLS client, as a failure. */
    private static FerryException plainTextAnswer(ByteBuffer received, SocketChannel channel, String where) {
        ReadableByteChannel rest = new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                if (!received.hasRemaining()) {
                    return channel.read(dst);
                }
                int n = Math.min(dst.remaining(), received.remaining());
                dst.put(received.slice(received.position(), n));
                received.position(received.position() + n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
        try {
            Frame frame = new FrameReader(rest, Peer.SERVER, 512).read();
            if (frame != null && frame.message() instanceof Refused refused
                    && refused.code() != dev.ferry.protocol.ErrorCode.PROTOCOL_ERROR) {
                return new FerryException(Kind.REFUSED, refused.code(), "refused by " + where + ": " + refused.reason());
            }
        } catch (IOException e) {
            // not a Ferry frame either
        }
        return new FerryException(Kind.PROTOCOL, where + " answered in plain text, not TLS: a ferryd started with "
                + "--no-tls? Connect with --no-tls to use it (on loopback only)");
    }

    private static Welcome hello(SocketChannel channel, FrameSender sender, FrameReader reader, ClientOptions options,
            String where) throws IOException {
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture.delayedExecutor(options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (!answered.get()) {
                sender.close();
            }
        });
        sender.send(Wire.NO_ID, new Message.Hello(Wire.PROTOCOL_VERSION, options.software(), options.key()));
        Frame frame;
        try {
            frame = reader.read();
        } catch (ProtocolException e) {
            throw new FerryException(Kind.PROTOCOL, null, where + " is not a Ferry server: " + e.getMessage(), e);
        } catch (IOException e) {
            if (!channel.isOpen()) {
                throw new FerryException(Kind.CONNECT, "cannot connect to " + where + ": no answer to HELLO within "
                        + options.connectTimeout().toSeconds() + " s");
            }
            throw e;
        } finally {
            answered.set(true);
        }
        if (frame == null) {
            throw new FerryException(Kind.CONNECT, "cannot connect to " + where + ": the server closed the connection");
        }
        if (frame.message() instanceof Refused refused) {
            throw new FerryException(Kind.REFUSED, refused.code(), "refused by " + where + ": " + refused.reason());
        }
        if (frame.message() instanceof Welcome welcome) {
            if (welcome.version() != Wire.PROTOCOL_VERSION) {
                throw new FerryException(Kind.PROTOCOL, "the server at " + where + " answered with protocol version "
                        + welcome.version() + "; this client speaks " + Wire.PROTOCOL_VERSION);
            }
            return welcome;
        }
        throw new FerryException(Kind.PROTOCOL, where + " is not a Ferry server: it answered HELLO with "
                + (frame.known() ? frame.message().type() : "frame type " + frame.code()));
    }
}
