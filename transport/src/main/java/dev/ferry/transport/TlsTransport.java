package dev.ferry.transport;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * TLS 1.3 over a blocking socket, through an {@link SSLEngine}: BoringSSL's or the JDK's, the same
 * code either way (see {@link TlsEngines}).
 *
 * <p>The reader's side ({@link #read}, and {@link #handshake} before it) owns the encrypted bytes
 * read and the decrypted ones not yet handed out. The writer's side owns the encrypted bytes not
 * yet on the socket, under {@link #writeLock}; anything that produces TLS records takes that lock,
 * so records never interleave on the socket. Both sides call the engine at the same time, which
 * both engines allow: the JDK's runs wrap and unwrap concurrently, BoringSSL's one after the other.
 *
 * <p>TLS 1.3 sends records after the handshake that the reader meets: a NewSessionTicket is taken
 * in and produces nothing; a KeyUpdate that asks for one back leaves the engine wanting to wrap,
 * which the reader does under the writer's lock (waiting for a write in progress to finish) before
 * it reads on. A close_notify from the peer is the end of its stream; so is a TCP end without one,
 * since Ferry's frames show a stream cut in the middle of one.
 */
public final class TlsTransport implements Transport {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** TLS record types that may open a TLS stream: handshake, and an alert refusing one. */
    private static final int HANDSHAKE_RECORD = 22;
    private static final int ALERT_RECORD = 21;
    /** Plain bytes sent through the cipher per round when sending a file. */
    private static final int FILE_BUFFER = 128 * 1024;
    /** Encrypted bytes gathered before one write to the socket, when there is much to send. */
    private static final int RECORDS_PER_WRITE = 8;
    /**
     * Encrypted bytes read at first: a daemon holds these for every idle connection, and clients
     * send small records. The buffer grows when a record needs more.
     */
    private static final int FIRST_READ_BUFFER = 4096;
    /**
     * Plain bytes decrypted at first, where a read is too small to take a record straight: a
     * daemon holds these for every connection too, and requests are small. A record with more
     * grows the buffer to a full record's worth (16 KiB), once.
     */
    private static final int FIRST_APP_BUFFER = 2048;
    /**
     * Encrypted bytes read at most per call, once a read has filled the buffer (bytes stream in: a
     * download, an upload): eight records per system call instead of two.
     */
    private static final int STREAM_READ_BUFFER = 128 * 1024;
    /** Plain bytes a TLS record carries at most. */
    private static final int RECORD_PLAIN_MAX = 16 * 1024;

    private final SocketChannel socket;
    private final SSLEngine engine;
    private final String engineName;
    private final boolean direct;
    private final ReentrantLock writeLock = new ReentrantLock();

    // The reader's: encrypted bytes read, and plain ones decrypted; both in read mode.
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private boolean inboundDone;

    // The writer's, under writeLock: encrypted bytes not yet on the socket, in read mode.
    private ByteBuffer netOut;
    private ByteBuffer fileBuffer;
    private boolean outboundDone;
    /** Set once the handshake is over; nothing is written through the cipher before. */
    private volatile boolean established;

    TlsTransport(SocketChannel socket, SSLEngine engine, String engineName, boolean direct) {
        this.socket = socket;
        this.engine = engine;
        this.engineName = engineName;
        this.direct = direct;
        int packet = engine.getSession().getPacketBufferSize();
        // Small to start with: a daemon holds these for every connection, most of them idle. The
        // write buffer grows to several records for a connection that sends much (a download).
        this.netIn = allocate(FIRST_READ_BUFFER).flip();
        this.appIn = allocate(FIRST_APP_BUFFER).flip();
        this.netOut = allocate(packet).flip();
    }

    /**
     * Runs the handshake on the calling thread, blocking as needed; whoever set the deadline shuts
     * the socket down to end it early.
     *
     * @throws NotTlsException if the peer's first bytes are not TLS
     */
    public void handshake() throws IOException {
        try {
            runHandshake();
        } catch (NotTlsException e) {
            throw e;
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
        established = true;
    }

    /** After a failed handshake, the engine may hold an alert saying why (a TLS 1.2 hello, say): one try to send it. */
    private void sendAlert() {
        try {
            netOut.clear();
            try {
                engine.wrap(EMPTY, netOut);
            } finally {
                netOut.flip();
            }
            flush();
        } catch (IOException | RuntimeException e) {
            // the alert is a courtesy; the handshake failed either way
        }
    }

    private void runHandshake() throws IOException {
        engine.beginHandshake();
        HandshakeStatus status = engine.getHandshakeStatus();
        boolean heard = false;
        boolean tookBytes = false;
        for (;;) {
            switch (status) {
                case NEED_WRAP -> status = wrapControl();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    // BoringSSL's engine may act on what an unwrap took only at the next one: read
                    // more only once an unwrap has taken nothing.
                    if (!tookBytes && !netIn.hasRemaining() && !fillNetIn()) {
                        throw new EOFException("the connection closed during the TLS handshake");
                    }
                    if (!heard) {
                        heard = true;
                        int first = netIn.get(netIn.position()) & 0xFF;
                        if (first != HANDSHAKE_RECORD && first != ALERT_RECORD) {
                            throw new NotTlsException(netIn.duplicate());
                        }
                    }
                    int before = netIn.remaining();
                    status = unwrapHandshake();
                    tookBytes = netIn.remaining() < before;
                }
                case NEED_TASK -> {
                    runTasks();
                    status = engine.getHandshakeStatus();
                }
                default -> {
                    // FINISHED, NOT_HANDSHAKING. BoringSSL's engine may say FINISHED with its last
                    // handshake message still to go out; a wrap of nothing sends it (and is empty
                    // for the JDK's engine).
                    wrapControl();
                    return;
                }
            }
        }
    }

    private HandshakeStatus unwrapHandshake() throws IOException {
        appIn.compact();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, appIn);
        } finally {
            appIn.flip();
        }
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                // BoringSSL's engine may finish the handshake on an unwrap that found too few bytes
                boolean wantsMore = result.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP;
                if (wantsMore && !fillNetIn()) {
                    throw new EOFException("the connection closed during the TLS handshake");
                }
            }
            case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
            case CLOSED -> throw new SSLException("the peer closed the connection during the TLS handshake");
            default -> { }
        }
        return result.getHandshakeStatus();
    }

    /** The peer's certificate, once the handshake is done. */
    public X509Certificate peerCertificate() throws SSLPeerUnverifiedException {
        Certificate[] chain = engine.getSession().getPeerCertificates();
        return (X509Certificate) chain[0];
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (appIn.hasRemaining()) {
            return drainAppIn(dst);
        }
        for (;;) {
            if (inboundDone) {
                return -1;
            }
            if (netIn.hasRemaining()) {
                int n = unwrapInto(dst);
                if (n != 0) {
                    return n;
                }
                continue;
            }
            if (!fillNetIn()) {
                inboundDone = true;
                return -1; // TCP end without close_notify: a cut inside a frame shows in the framing
            }
        }
    }

    /** One unwrap: bytes handed to {@code dst}, 0 if more must be read first, -1 at the peer's close_notify. */
    private int unwrapInto(ByteBuffer dst) throws IOException {
        // Large reads (file data) are decrypted straight into the caller's buffer.
        boolean straight = dst.remaining() >= engine.getSession().getApplicationBufferSize();
        ByteBuffer target = straight ? dst : appIn.clear();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, target);
        } finally {
            if (!straight) {
                appIn.flip();
            }
        }
        if (result.getStatus() != SSLEngineResult.Status.CLOSED) {
            afterEngine(result.getHandshakeStatus()); // never answers a close_notify: the writer may have more to say
        }
        switch (result.getStatus()) {
            case OK -> {
                if (result.bytesProduced() == 0) {
                    return 0;
                }
                return straight ? result.bytesProduced() : drainAppIn(dst);
            }
            case BUFFER_UNDERFLOW -> {
                if (!fillNetIn()) {
                    throw new EOFException("the connection closed inside a TLS record");
                }
                return 0;
            }
            case BUFFER_OVERFLOW -> {
                appIn = grow(appIn.clear(), engine.getSession().getApplicationBufferSize()).flip();
                return 0;
            }
            case CLOSED -> {
                inboundDone = true;
                if (result.bytesProduced() > 0) {
                    return straight ? result.bytesProduced() : drainAppIn(dst);
                }
                return -1;
            }
            default -> throw new IllegalStateException(result.getStatus().toString());
        }
    }

    /** Post-handshake messages: a task to run, or a record to send back (a KeyUpdate's answer). */
    private void afterEngine(HandshakeStatus status) throws IOException {
        HandshakeStatus next = status;
        while (next == HandshakeStatus.NEED_TASK || next == HandshakeStatus.NEED_WRAP) {
            if (next == HandshakeStatus.NEED_TASK) {
                runTasks();
                next = engine.getHandshakeStatus();
            } else {
                next = wrapControl();
            }
        }
    }

    private int drainAppIn(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), appIn.remaining());
        dst.put(dst.position(), appIn, appIn.position(), n);
        dst.position(dst.position() + n);
        appIn.position(appIn.position() + n);
        return n;
    }

    /**
     * Reads more encrypted bytes; false at the end of the stream. A read that fills the buffer
     * leaves more waiting in the socket: the buffer grows, up to {@link #STREAM_READ_BUFFER}.
     */
    private boolean fillNetIn() throws IOException {
        netIn.compact();
        try {
            if (!netIn.hasRemaining()) {
                netIn = grow(netIn, netIn.capacity() * 2);
            }
            int n = socket.read(netIn);
            if (n > 0 && !netIn.hasRemaining() && netIn.capacity() < STREAM_READ_BUFFER) {
                netIn = grow(netIn, Math.min(STREAM_READ_BUFFER, netIn.capacity() * 2));
            }
            return n >= 0;
        } finally {
            netIn.flip();
        }
    }

    private void requireEstablished() throws SSLException {
        if (!established) {
            throw new SSLException("no TLS session: the handshake is not over");
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        requireEstablished();
        writeLock.lock();
        try {
            flush();
            long taken = 0;
            while (Buffers.anyRemaining(srcs, offset, length)) {
                taken += seal(srcs, offset, length);
                flush();
            }
            return taken;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public boolean writeNow(ByteBuffer[] batch) throws IOException {
        requireEstablished();
        writeLock.lock();
        try {
            socket.configureBlocking(false);
            try {
                if (!flushNow()) {
                    return false;
                }
                while (Buffers.anyRemaining(batch, 0, batch.length)) {
                    seal(batch, 0, batch.length);
                    if (!flushNow()) {
                        return false; // the rest waits in netOut and the batch for the next write
                    }
                }
                return true;
            } finally {
                socket.configureBlocking(true);
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public long sendFile(FileChannel file, long position, long count) throws IOException {
        requireEstablished();
        writeLock.lock();
        try {
            if (fileBuffer == null) {
                fileBuffer = allocate(FILE_BUFFER);
            }
            ByteBuffer[] one = {fileBuffer};
            long sent = 0;
            while (sent < count) {
                fileBuffer.clear().limit((int) Math.min(FILE_BUFFER, count - sent));
                int n = file.read(fileBuffer, position + sent);
                if (n < 0) {
                    break; // the file ends here
                }
                fileBuffer.flip();
                write(one, 0, 1);
                sent += n;
            }
            return sent;
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void finishOutput() throws IOException {
        writeLock.lock();
        try {
            if (!outboundDone && established) {
                outboundDone = true;
                flush();
                engine.closeOutbound();
                while (!engine.isOutboundDone()) {
                    netOut.clear();
                    try {
                        engine.wrap(EMPTY, netOut);
                    } finally {
                        netOut.flip();
                    }
                    if (!netOut.hasRemaining()) {
                        break;
                    }
                    flush();
                }
            }
        } finally {
            writeLock.unlock();
        }
        socket.shutdownOutput();
    }

    /**
     * Encrypts from {@code srcs} into the empty {@link #netOut} until it holds a socket write's
     * worth of records or the sources are empty; returns the plain bytes taken.
     */
    private long seal(ByteBuffer[] srcs, int offset, int length) throws IOException {
        assert writeLock.isHeldByCurrentThread() && !netOut.hasRemaining();
        int packet = engine.getSession().getPacketBufferSize();
        if (netOut.capacity() < RECORDS_PER_WRITE * packet && remaining(srcs, offset, length) > 2L * packet) {
            netOut = allocate(RECORDS_PER_WRITE * packet).flip();
        }
        long taken = 0;
        netOut.clear();
        try {
            while (Buffers.anyRemaining(srcs, offset, length) && netOut.remaining() >= packet) {
                ByteBuffer gathered = direct ? gather(srcs, offset, length) : null;
                SSLEngineResult result = gathered != null ? engine.wrap(gathered, netOut)
                        : engine.wrap(srcs, offset, length, netOut);
                switch (result.getStatus()) {
                    case OK -> {
                        if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                            throw new SSLException("the TLS engine takes no more: " + result.getHandshakeStatus());
                        }
                        taken += result.bytesConsumed();
                        if (gathered != null) {
                            Buffers.skip(srcs, offset, length, result.bytesConsumed());
                        }
                    }
                    case CLOSED -> throw new SSLException("the TLS connection is closed");
                    case BUFFER_OVERFLOW -> {
                        if (netOut.position() == 0) {
                            netOut = grow(netOut, 2 * netOut.capacity());
                        }
                        return taken;
                    }
                    default -> throw new IllegalStateException(result.getStatus().toString());
                }
                if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
            }
            return taken;
        } finally {
            netOut.flip();
        }
    }

    /**
     * Small buffers side by side (a writer's pass of control frames: replies, events) copied into
     * one, for one record; null when the sources do not call for it (one buffer with bytes left,
     * or a full record's worth first). BoringSSL's engine makes a record of each buffer it is
     * given: a thousand clients connecting at once then cost every client a record, and with a
     * one-record {@link #netOut} a system call, for each other client's JOINED. The sources are
     * not advanced here; the caller skips what the engine took.
     */
    private static ByteBuffer gather(ByteBuffer[] srcs, int offset, int length) {
        int first = Buffers.firstWithRemaining(srcs, offset);
        int end = offset + length;
        if (first >= end || srcs[first].remaining() >= RECORD_PLAIN_MAX
                || Buffers.firstWithRemaining(srcs, first + 1) >= end) {
            return null;
        }
        int total = 0;
        for (int i = first; i < end && total < RECORD_PLAIN_MAX; i++) {
            total += Math.min(srcs[i].remaining(), RECORD_PLAIN_MAX - total);
        }
        ByteBuffer gathered = ByteBuffer.allocate(total);
        for (int i = first; i < end && gathered.hasRemaining(); i++) {
            ByteBuffer part = srcs[i].duplicate();
            part.limit(part.position() + Math.min(part.remaining(), gathered.remaining()));
            gathered.put(part);
        }
        return gathered.flip();
    }

    /** Sends one control record the engine asks for (handshake, KeyUpdate), under the writer's lock. */
    private HandshakeStatus wrapControl() throws IOException {
        writeLock.lock();
        try {
            flush();
            netOut.clear();
            SSLEngineResult result;
            try {
                result = engine.wrap(EMPTY, netOut);
            } finally {
                netOut.flip();
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED && !netOut.hasRemaining()) {
                throw new SSLException("the TLS connection is closed");
            }
            flush();
            return result.getHandshakeStatus();
        } finally {
            writeLock.unlock();
        }
    }

    /** Writes what waits in {@link #netOut}, blocking as needed. */
    private void flush() throws IOException {
        while (netOut.hasRemaining()) {
            socket.write(netOut);
        }
    }

    /** Writes what waits in {@link #netOut} as far as the non-blocking socket takes it; true if all went. */
    private boolean flushNow() throws IOException {
        while (netOut.hasRemaining()) {
            if (socket.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    private static long remaining(ByteBuffer[] srcs, int offset, int length) {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += srcs[i].remaining();
        }
        return total;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private ByteBuffer allocate(int capacity) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    /** A larger buffer in write mode holding what {@code buffer} (in write mode) held. */
    private ByteBuffer grow(ByteBuffer buffer, int capacity) {
        ByteBuffer larger = allocate(Math.max(capacity, buffer.capacity() + 1));
        buffer.flip();
        larger.put(buffer);
        return larger;
    }

    @Override
    public SocketChannel socket() {
        return socket;
    }

    @Override
    public String description() {
        return "TLS 1.3, " + engine.getSession().getCipherSuite() + " (" + engineName + ")";
    }

    @Override
    public boolean encrypted() {
        return true;
    }

    /** The engine itself, for tests that make it send TLS 1.3's post-handshake messages (a KeyUpdate). */
    SSLEngine engine() {
        return engine;
    }

    /** Which engine runs: "BoringSSL" or "JDK". */
    public String engineName() {
        return engineName;
    }

    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } finally {
            engine.closeOutbound();
            try {
                engine.closeInbound();
            } catch (SSLException e) {
                // no close_notify from the peer: the socket is closed anyway
            }
        }
    }
}
