package dev.ferry.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;

/**
 * Reads frames from a blocking channel, owned by one thread.
 *
 * <p>Control frames come back decoded. A frame of file data comes back as its header ({@link Message.Data}
 * from a server, {@link Message.PutData} from a client);
 * its payload is then pulled with {@link #readData} straight into the caller's buffer, so file data
 * is never copied into a message. Whatever part of a payload the caller leaves unread is skipped by
 * the next {@link #read}.
 *
 * <p>Limits are checked on the header, before anything is allocated: a frame longer than its type
 * allows is a {@link ProtocolException}, whatever its length field claims. The internal buffer starts
 * small and grows only as far as a frame that passed the check needs.
 */
public final class FrameReader {
    /** Whose frames this reader reads. */
    public enum Peer {
        /** Frames a client sent: the server's side of a connection. */
        CLIENT,
        /** Frames a server sent: the client's side of a connection. */
        SERVER
    }

    private static final int LARGEST_FRAME = Wire.HEADER_SIZE + Wire.MAX_CONTROL_PAYLOAD;

    private final ReadableByteChannel channel;
    private final Peer peer;
    private final int initialCapacity;
    /** Unread bytes lie between position and limit. */
    private ByteBuffer buffer;
    private int dataRemaining;

    /**
     * @param channel a blocking channel
     * @param peer    whose frames arrive on it; types meant for the other direction are not accepted
     * @param initialCapacity bytes buffered at first; grows on demand up to one control frame
     */
    public FrameReader(ReadableByteChannel channel, Peer peer, int initialCapacity) {
        this.channel = channel;
        this.peer = peer;
        this.initialCapacity = Math.max(Wire.HEADER_SIZE, Math.min(initialCapacity, LARGEST_FRAME));
        this.buffer = ByteBuffer.allocateDirect(this.initialCapacity).flip();
    }

    /**
     * Reads the next frame, first skipping whatever is left of the previous DATA payload.
     *
     * @return the frame, or null if the peer closed the connection cleanly between frames
     * @throws ProtocolException if the bytes break the protocol, including a close inside a frame
     */
    public Frame read() throws IOException {
        skipData();
        if (!fill(Wire.HEADER_SIZE, true)) {
            return null;
        }
        int length = buffer.getInt();
        int code = buffer.get() & 0xFF;
        int id = buffer.getInt();
        Optional<MessageType> type = MessageType.fromCode(code).filter(this::accepts);
        int limit = type.map(Wire::maxPayload).orElse(Wire.MAX_CONTROL_PAYLOAD);
        if (length < 0 || length > limit) {
            throw new ProtocolException(String.format("%s frame of %d bytes exceeds the %d-byte limit",
                    type.map(Enum::name).orElse("type 0x%02x".formatted(code)), Integer.toUnsignedLong(length), limit));
        }
        if (type.isEmpty()) {
            skip(length);
            return new Frame(id, code, null);
        }
        if (type.get().carriesFileData()) {
            dataRemaining = length;
            return new Frame(id, code, type.get() == MessageType.DATA ? new Message.Data(length) : new Message.PutData(length));
        }
        fill(length, false);
        ByteBuffer payload = buffer.slice(buffer.position(), length);
        buffer.position(buffer.position() + length);
        Message message = MessageCodec.decode(type.get(), payload);
        shrinkIfIdle();
        return new Frame(id, code, message);
    }

    /**
     * True if the next {@link #read} can return (or refuse) a whole frame already buffered, without
     * waiting on the channel: the peer sent several at once. A server can answer them all in one
     * write before it waits for more.
     */
    public boolean hasBufferedFrame() {
        if (dataRemaining > 0 || buffer.remaining() < Wire.HEADER_SIZE) {
            return false;
        }
        int length = buffer.getInt(buffer.position());
        return length < 0 || buffer.remaining() - Wire.HEADER_SIZE >= length;
    }

    /** Payload bytes of the current DATA or PUT_DATA frame not yet handed out. */
    public int dataRemaining() {
        return dataRemaining;
    }

    /**
     * Moves bytes of the current DATA or PUT_DATA payload into {@code dst} until {@code dst} is full or the
     * payload is exhausted, blocking as needed. Large reads go straight from the channel into
     * {@code dst}.
     *
     * @return the number of bytes moved
     */
    public int readData(ByteBuffer dst) throws IOException {
        int wanted = Math.min(dst.remaining(), dataRemaining);
        int moved = 0;
        if (buffer.hasRemaining() && wanted > 0) {
            int n = Math.min(wanted, buffer.remaining());
            dst.put(dst.position(), buffer, buffer.position(), n);
            dst.position(dst.position() + n);
            buffer.position(buffer.position() + n);
            moved = n;
        }
        if (moved < wanted) {
            int savedLimit = dst.limit();
            dst.limit(dst.position() + (wanted - moved));
            try {
                while (dst.hasRemaining()) {
                    int n = channel.read(dst);
                    if (n < 0) {
                        throw new TruncatedFrameException("connection closed inside a DATA frame ("
                                + (dataRemaining - moved) + " bytes missing)");
                    }
                    moved += n;
                }
            } finally {
                dst.limit(savedLimit);
            }
        }
        dataRemaining -= moved;
        return moved;
    }

    /** Discards what is left of the current DATA payload. */
    public void skipData() throws IOException {
        if (dataRemaining > 0) {
            int n = dataRemaining;
            dataRemaining = 0;
            skip(n);
        }
    }

    /** Current size of the internal buffer; for tests of the allocation limits. */
    int bufferCapacity() {
        return buffer.capacity();
    }

    private boolean accepts(MessageType type) {
        return type.fromClient() == (peer == Peer.CLIENT);
    }

    private void skip(int count) throws IOException {
        int left = count;
        while (left > 0) {
            if (!buffer.hasRemaining()) {
                fill(1, false);
            }
            int n = Math.min(left, buffer.remaining());
            buffer.position(buffer.position() + n);
            left -= n;
        }
        shrinkIfIdle();
    }

    /**
     * Makes at least {@code count} unread bytes available.
     *
     * @return false only if {@code eofAllowed} and the channel ended with nothing buffered
     */
    private boolean fill(int count, boolean eofAllowed) throws IOException {
        if (buffer.remaining() >= count) {
            return true;
        }
        if (buffer.capacity() < count) {
            ByteBuffer larger = ByteBuffer.allocateDirect(Math.min(LARGEST_FRAME, Math.max(count, buffer.capacity() * 2)));
            larger.put(buffer).flip();
            buffer = larger;
        }
        buffer.compact();
        try {
            while (buffer.position() < count) {
                int n = channel.read(buffer);
                if (n < 0) {
                    if (eofAllowed && buffer.position() == 0) {
                        return false;
                    }
                    throw new TruncatedFrameException("connection closed inside a frame (" + buffer.position()
                            + " of " + count + " bytes)");
                }
            }
        } finally {
            buffer.flip();
        }
        return true;
    }

    /** Gives back a buffer that grew for one large frame once it holds nothing. */
    private void shrinkIfIdle() {
        if (!buffer.hasRemaining() && buffer.capacity() > initialCapacity) {
            buffer = ByteBuffer.allocateDirect(initialCapacity).flip();
        }
    }
}
