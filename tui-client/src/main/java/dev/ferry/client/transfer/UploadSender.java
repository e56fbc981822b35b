package dev.ferry.client.transfer;

import dev.ferry.client.connection.Requests;
import dev.ferry.client.failure.FerryException.Kind;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.failure.FileErrors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One attempt of an upload, sending under the server's window: reads the file from where the
 * server's partial ends and sends it as PUT_DATA, never more than the server has granted, and
 * hashes each buffer sent ({@link HashPipeline}); once every byte has gone and been hashed, hands
 * the digest to its {@link Owner}, which sends PUT_END. A restarted upload gets a new sender.
 *
 * <p>Threads: the data is read and sent on the engine's sending thread, one buffer at a time, each
 * upload giving way to the others after each buffer; window grants come on the reader thread, and
 * each buffer sent goes to the hashing threads, which give it back. At most {@link #UNHASHED}
 * buffers wait for the hasher, however wide the server's window.
 */
final class UploadSender {
    /** Buffers sent but not yet hashed, at most. */
    static final int UNHASHED = 8;

    /** Where the data is read and sent: the engine's sending thread and its rate limit. */
    interface Sending {
        /** Runs {@code task} on the sending thread. */
        void execute(Runnable task) throws RejectedExecutionException;

        /** Counts bytes about to be sent, and waits as long as a rate limit asks. Sending thread. */
        void took(int bytes);

        /** The most bytes to send at once: a whole buffer, or less under a rate limit, so the pace stays even. */
        int largest();
    }

    /** The upload this attempt is of. */
    interface Owner {
        /** {@code position} bytes of the file have gone, those the server held included. Sending thread. */
        void progressed(long position);

        /** Every byte has gone and hashes to {@code sha256}. Hashing thread. */
        void allHashed(byte[] sha256);

        /** Reading the file failed on this side; the server's side still runs. Any thread. */
        void failed(FerryException failure);
    }

    private final Requests requests;
    private final DataPath path;
    private final Sending sending;
    private final FileChannel file;
    private final Path source;
    private final long size;
    private final int attempt;
    private final Owner owner;
    private final HashPipeline hashes;
    private final AtomicBoolean pumping = new AtomicBoolean();
    private final AtomicLong window = new AtomicLong();
    private final AtomicInteger unhashed = new AtomicInteger();
    /** This attempt sends no more: it ended, failed, or is being started again. */
    private volatile boolean stopped;
    /** The next byte to send; only the sending thread moves it. */
    private volatile long position;
    /** The end of the data handed to the socket, including a buffer still going: what the server may hold. */
    private volatile long handedOver;
    private volatile boolean allSent;

    UploadSender(Requests requests, DataPath path, Sending sending, FileChannel file, Path source, long size, int attempt,
            long offset, long window, Owner owner) {
        this.requests = requests;
        this.path = path;
        this.sending = sending;
        this.file = file;
        this.source = source;
        this.size = size;
        this.attempt = attempt;
        this.owner = owner;
        this.position = offset;
        this.window.set(window);
        this.hashes = new HashPipeline(path.hashers(), this::hashed);
    }

    /**
     * Hashes the file's first {@code bytes} from disk, ahead of every buffer sent, then runs
     * {@code then} on a hashing thread, where {@link #digestSoFar} is theirs.
     */
    void hashHeld(long bytes, Runnable then) {
        hashes.fromDisk(source, bytes, then);
    }

    /** The digest of the bytes hashed so far. */
    byte[] digestSoFar() {
        return hashes.digestSoFar();
    }

    /** The server grants {@code bytes} more. Reader thread. */
    void grant(long bytes) {
        window.addAndGet(bytes);
        pump();
    }

    /** The next byte to send: every byte before it has gone. */
    long position() {
        return position;
    }

    /** What the server may hold of this attempt: the end of the data handed to the socket. */
    long handedOver() {
        return handedOver;
    }

    /** True once every byte has gone and the digest is on its way to PUT_END. */
    boolean allSent() {
        return allSent;
    }

    /** Sends nothing more, and lets the hasher's buffers go. */
    void stop() {
        stopped = true;
        hashes.abort();
    }

    /** Makes sure the sending thread is at work on this upload, if there is anything it may send. */
    void pump() {
        if (stopped || !pumping.compareAndSet(false, true)) {
            return;
        }
        try {
            sending.execute(this::sendSome);
        } catch (RejectedExecutionException e) {
            pumping.set(false); // the client is closing: the connection's end fails the upload
        }
    }

    /** Hashing thread: a buffer is hashed; another may be read. */
    private void hashed(ByteBuffer buffer) {
        path.buffers().give(buffer);
        if (unhashed.decrementAndGet() == UNHASHED - 1) {
            pump();
        }
    }

    /**
     * Sending thread: reads and sends one buffer, then gives way to other uploads by queueing itself
     * again; stops when the window is spent, the hasher is behind, or everything has gone.
     */
    private void sendSome() {
        try {
            if (sendOne()) {
                sending.execute(this::sendSome);
                return;
            }
        } catch (RejectedExecutionException e) {
            // the client is closing
        }
        pumping.set(false);
        // a PUT_WINDOW or a hashed buffer that came while this was stopping finds pumping still set: look again
        if (!stopped && (canSend() || readyToEnd())) {
            pump();
        }
    }

    private boolean canSend() {
        return position < size && window.get() > 0 && unhashed.get() < UNHASHED;
    }

    private boolean readyToEnd() {
        return position == size && !allSent;
    }

    /** Sends one buffer; true if there may be more to send now. */
    private boolean sendOne() {
        if (stopped) {
            return false;
        }
        if (readyToEnd()) {
            finish();
            return false;
        }
        if (!canSend()) {
            return false;
        }
        int length = (int) Math.min(Math.min(window.get(), size - position), sending.largest());
        ByteBuffer buffer = path.buffers().take();
        buffer.limit(length);
        try {
            long at = position;
            while (buffer.hasRemaining()) {
                int n = file.read(buffer, at + buffer.position());
                if (n < 0) {
                    path.buffers().give(buffer);
                    owner.failed(new FerryException(Kind.LOCAL, source + " changed while it was being sent: it is "
                            + "shorter than the " + size + " bytes it had"));
                    return false;
                }
            }
            buffer.flip();
            sending.took(length);
            handedOver = at + length;
            requests.sendData(attempt, buffer.duplicate());
        } catch (IOException e) {
            path.buffers().give(buffer);
            if (e instanceof ClosedChannelException || !requests.isOpen()) {
                return false; // the connection ended: its end fails the upload
            }
            owner.failed(new FerryException(Kind.LOCAL, null, "cannot read " + source + ": " + FileErrors.reason(e, source), e));
            return false;
        }
        if (stopped) {
            path.buffers().give(buffer); // the attempt ended while this buffer went: the server ignores it
            return false;
        }
        position += length;
        window.addAndGet(-length);
        unhashed.incrementAndGet();
        hashes.fromMemory(buffer);
        owner.progressed(position);
        return true;
    }

    /** Every byte has gone: once the hasher has them all, the owner gets the digest. Sending thread. */
    private void finish() {
        allSent = true;
        hashes.finish().whenComplete((sha256, failure) -> {
            if (failure != null) {
                owner.failed(new FerryException(Kind.LOCAL, null, "cannot read " + source + " to hash it: "
                        + failure.getMessage(), failure));
                return;
            }
            if (!stopped) {
                owner.allHashed(sha256);
            }
        });
    }
}
