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
import java.time.Duration;

/**
 * A bare protocol client for tests: frames in and out of a plain socket, nothing else. Every read
 * times out, so a test that waits for a frame that never comes fails instead of hanging.
 */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final FrameReader reader;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = new FrameReader(Channels.newChannel(socket.getInputStream()), Peer.SERVER, 64 * 1024);
    }

    /** Connects without saying anything. */
    public static RawClient connect(InetSocketAddress address) throws IOException {
        return connect(address, null);
    }

    /** Connects from a given local address (any port) without saying anything. */
    public static RawClient connect(InetSocketAddress address, java.net.InetAddress from) throws IOException {
        Socket socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(address, 5000);
        socket.setSoTimeout((int) Duration.ofSeconds(20).toMillis());
        socket.setTcpNoDelay(true);
        return new RawClient(socket);
    }

    /** Connects and says HELLO; returns the client, whose first frame is then WELCOME or REFUSED. */
    public static RawClient hello(InetSocketAddress address) throws IOException {
        RawClient client = connect(address);
        client.send(Wire.NO_ID, new Message.Hello(Wire.PROTOCOL_VERSION, "raw-test"));
        return client;
    }

    /** Connects, says HELLO and expects WELCOME; returns the assigned name via {@link #welcome}. */
    public static RawClient admitted(InetSocketAddress address) throws IOException {
        RawClient client = hello(address);
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
        out.write(bytes);
        out.flush();
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

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
