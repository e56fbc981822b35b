package dev.ferry.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The SHA-256 of one download, computed behind the reader while the data arrives, on the hashing
 * executor, so receiving and hashing use different cores.
 *
 * <p>The reader writes each piece to the .part file and then hands it over: in a pooled buffer
 * when one is free, so the hasher reads it from memory; otherwise as a range of the file, which
 * the hasher reads back from the page cache. The reader therefore never waits for the hasher, and
 * a reply on the same connection never waits behind hashing. Pieces are hashed strictly in order;
 * at most {@link #MAX_BUFFERS} buffers are held per download.
 */
final class HashPipeline {
    static final int MAX_BUFFERS = 8;
    private static final int DISK_READ = 256 * 1024;

    private record Piece(ByteBuffer memory, long position, long length) {}

    private final FileChannel file;
    private final BufferPool pool;
    private final Executor executor;
    private final MessageDigest sha256 = sha256();
    private final ConcurrentLinkedQueue<Piece> pieces = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final CompletableFuture<byte[]> digest = new CompletableFuture<>();
    private volatile boolean finishing;
    private volatile boolean aborted;
    private int buffersOut;
    private ByteBuffer diskBuffer;

    HashPipeline(FileChannel file, BufferPool pool, Executor executor) {
        this.file = file;
        this.pool = pool;
        this.executor = executor;
    }

    /** A buffer to receive into, or null if this download holds its share or the pool is empty. */
    synchronized ByteBuffer borrow() {
        if (buffersOut >= MAX_BUFFERS) {
            return null;
        }
        ByteBuffer buffer = pool.tryTake();
        if (buffer != null) {
            buffersOut++;
        }
        return buffer;
    }

    /** Hands over bytes that were received into a borrowed buffer (position to limit). */
    void fromMemory(ByteBuffer buffer) {
        add(new Piece(buffer, -1, buffer.remaining()));
    }

    /** Hands over bytes that are only in the file. */
    void fromDisk(long position, long length) {
        if (length > 0) {
            add(new Piece(null, position, length));
        }
    }

    /** Gives back a borrowed buffer that was not handed over. */
    void giveBack(ByteBuffer buffer) {
        release(buffer);
    }

    /** No more pieces will come; the digest completes once every piece is hashed. */
    CompletableFuture<byte[]> finish() {
        finishing = true;
        schedule();
        return digest;
    }

    /** Stops hashing and returns the buffers; the digest fails. */
    void abort() {
        aborted = true;
        schedule();
    }

    private void add(Piece piece) {
        pieces.add(piece);
        schedule();
    }

    private void schedule() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            aborted = true;
            running.set(false);
            dropAll();
            digest.completeExceptionally(new IOException("the client is closing"));
        }
    }

    private void drain() {
        for (;;) {
            try {
                Piece piece;
                while ((piece = pieces.poll()) != null) {
                    if (aborted) {
                        if (piece.memory() != null) {
                            release(piece.memory());
                        }
                        continue;
                    }
                    hash(piece);
                }
                if (aborted) {
                    digest.completeExceptionally(new IOException("hashing stopped"));
                } else if (finishing) {
                    digest.complete(sha256.digest());
                }
            } catch (IOException | RuntimeException e) {
                aborted = true;
                dropAll();
                digest.completeExceptionally(e);
            }
            running.set(false);
            boolean more = !pieces.isEmpty() || ((finishing || aborted) && !digest.isDone());
            if (!more || !running.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void hash(Piece piece) throws IOException {
        if (piece.memory() != null) {
            sha256.update(piece.memory());
            release(piece.memory());
            return;
        }
        if (diskBuffer == null) {
            diskBuffer = ByteBuffer.allocateDirect(DISK_READ);
        }
        long position = piece.position();
        long end = position + piece.length();
        while (position < end) {
            diskBuffer.clear().limit((int) Math.min(DISK_READ, end - position));
            int n = file.read(diskBuffer, position);
            if (n < 0) {
                throw new IOException("the .part file is shorter than what was received");
            }
            diskBuffer.flip();
            sha256.update(diskBuffer);
            position += n;
        }
    }

    private void dropAll() {
        Piece piece;
        while ((piece = pieces.poll()) != null) {
            if (piece.memory() != null) {
                release(piece.memory());
            }
        }
    }

    private synchronized void release(ByteBuffer buffer) {
        buffersOut--;
        pool.give(buffer);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
