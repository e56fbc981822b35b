package dev.ferry.client.connection;

import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.MessageType;
import dev.ferry.protocol.Wire;
import dev.ferry.transport.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of a connection. Any thread may send: callers send requests, the reader and the
 * disk and hashing threads send CANCEL and WINDOW. Each frame is encoded and written whole under
 * one lock, so frames never interleave on the socket.
 */
final class FrameSender {
    private static final Logger log = LoggerFactory.getLogger(FrameSender.class);

    private final Transport channel;
    private final Object writeLock = new Object();

    FrameSender(Transport channel) {
        this.channel = channel;
    }

    /** Sends one frame; a failure means the connection is broken. */
    void send(int id, Message message) throws IOException {
        synchronized (writeLock) {
            write(channel, MessageCodec.encode(id, message));
        }
    }

    /**
     * Sends the buffer's remaining bytes as one PUT_DATA frame, header and payload together, so no
     * other frame comes between them; the buffer's position moves to its limit.
     */
    void sendData(int id, ByteBuffer data) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE);
        MessageCodec.putDataHeader(MessageType.PUT_DATA, id, data.remaining(), header);
        ByteBuffer[] frame = {header.flip(), data};
        synchronized (writeLock) {
            while (data.hasRemaining() || header.hasRemaining()) {
                channel.write(frame);
            }
        }
    }

    /** Sends a frame that expects no reply of its own, such as CANCEL; a failure is the reader's to report. */
    void sendQuietly(int id, Message message) {
        try {
            send(id, message);
        } catch (IOException e) {
            log.debug("could not send {}: {}", message.type(), e.toString());
        }
    }

    /** How the bytes travel: "TLS 1.3, TLS_AES_128_GCM_SHA256 (BoringSSL)" or "plain text". */
    String security() {
        return channel.description();
    }

    /** Closes the connection, both ways: a reader blocked on it ends. */
    void close() {
        closeQuietly(channel);
    }

    static void closeQuietly(java.io.Closeable channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static void write(Transport channel, ByteBuffer frame) throws IOException {
        channel.write(frame);
    }
}
