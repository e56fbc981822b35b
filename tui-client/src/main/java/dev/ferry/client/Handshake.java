package dev.ferry.client;

import dev.ferry.client.FerryException.Kind;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.Refused;
import dev.ferry.protocol.Message.Welcome;
import dev.ferry.protocol.ProtocolException;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opening a connection to ferryd: the TCP connection, HELLO, and WELCOME or REFUSED, with each way
 * that can fail said in one line. Runs on the caller's thread, before the client's reader exists;
 * a server that accepts but never answers HELLO is cut off after the connect timeout.
 */
final class Handshake {
    /** Buffered bytes for headers and replies; file data goes around it, straight into download buffers. */
    private static final int READ_BUFFER = 16 * 1024;

    /** A connection the server has welcomed, {@code where} as the user gave it. */
    record Welcomed(String where, InetSocketAddress remote, FrameSender sender, FrameReader reader, Welcome welcome) {}

    private Handshake() {}

    /** Connects, says HELLO and waits for WELCOME; fails as {@link FerryClient#connect} says. */
    static Welcomed connect(ClientOptions options) throws FerryException {
        String where = options.host() + ":" + options.port();
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            throw new FerryException(Kind.CONNECT, "cannot connect to " + where + ": unknown host");
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open();
            channel.socket().connect(address, (int) Math.max(1, options.connectTimeout().toMillis()));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            FrameReader reader = new FrameReader(channel, Peer.SERVER, READ_BUFFER);
            FrameSender sender = new FrameSender(channel);
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
            throw new FerryException(Kind.CONNECT, null, "cannot connect to " + where + ": " + e.getMessage(), e);
        }
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
