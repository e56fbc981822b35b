package dev.ferry.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;

/**
 * The byte stream under Ferry's frames on one connected socket: plain TCP ({@link PlainTransport})
 * or TLS 1.3 ({@link TlsTransport}). Framing code reads and writes through it and never learns which.
 *
 * <p>One thread reads ({@link #read}); one writer at a time writes ({@link #write}, {@link #writeNow},
 * {@link #sendFile}, {@link #finishOutput}), possibly while the reader is blocked in a read. Both
 * block on the socket as needed: the socket stays in blocking mode except inside
 * {@link #writeNow}, which only the reader thread may call, between its reads.
 *
 * <p>{@link #socket()} is there for what needs no encryption: addresses, options, and shutting
 * the socket down from another thread to wake a blocked reader or writer.
 */
public interface Transport extends ByteChannel, GatheringByteChannel {

    /** Reads at least one byte, blocking as needed; -1 once the peer has closed its side. */
    @Override
    int read(ByteBuffer dst) throws IOException;

    /** Writes all of {@code srcs[offset..offset+length)}, blocking as needed; returns the bytes taken. */
    @Override
    long write(ByteBuffer[] srcs, int offset, int length) throws IOException;

    @Override
    default long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    default int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    /**
     * Writes what the socket takes at once, without waiting; for the reader thread alone, between
     * its reads. True if everything went out; otherwise what is left stays in the buffers or in the
     * transport, and the next {@link #write} sends it first.
     */
    boolean writeNow(ByteBuffer[] batch) throws IOException;

    /**
     * Sends {@code count} bytes of {@code file} from {@code position}, blocking as needed: straight
     * from the file with {@code sendfile} in plain text, through the cipher with TLS.
     *
     * @return bytes sent; fewer than {@code count} (perhaps 0) only if the file ends first
     */
    long sendFile(FileChannel file, long position, long count) throws IOException;

    /**
     * The graceful end of what this side sends: TLS's close_notify, then the socket's output shut.
     * May block while the peer does not read; shut the socket down from another thread to stop it.
     * Nothing more is to be read through the transport after it (BoringSSL's engine reads no more
     * once it has sent close_notify); what the peer still sends may be drained from the socket.
     */
    void finishOutput() throws IOException;

    /** The socket underneath. */
    SocketChannel socket();

    /** How the bytes travel, for logs and {@code ferry about}: "TLS 1.3, TLS_AES_128_GCM_SHA256 (BoringSSL)". */
    String description();

    /** True if the bytes are encrypted. */
    boolean encrypted();

    @Override
    default boolean isOpen() {
        return socket().isOpen();
    }

    @Override
    default void close() throws IOException {
        socket().close();
    }
}
