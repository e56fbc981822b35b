package dev.ferry.client.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The SHA-256 of one download, computed on the hashing executor while the data arrives, so
 * receiving and hashing use different cores.
 *
 * <p>The reader writes each buffer to the .part file and then hands it over; the pipeline hashes
 * the buffers strictly in order and gives each back through {@code release} once hashed, which is
 * when the download widens its flow-control window. So received data waits in memory, never more
 * than the window, and is never read back from disk; only the bytes an earlier attempt left in the
 * .part are, once, before anything new.
 */
final class HashPipeline {
    private static final int DISK_READ = 256 * 1024;

    /** One run of bytes to hash: a buffer in memory, or the first {@code length} bytes of a file. */
    record Piece(ByteBuffer memory, Path file, long length, Runnable hashed) {}

    private final Executor executor;
    private final Consumer<ByteBuffer> release;
    private final MessageDigest sha256 = sha256();
    private final Queue<Piece> pieces;
    private final AtomicBoolean running = new AtomicBoolean();
    private final CompletableFuture<byte[]> digest = new CompletableFuture<>();
    private volatile boolean finishing;
    private volatile boolean aborted;

    /**
     * @param release takes back each buffer handed over with {@link #fromMemory}, once hashed or dropped
     */
    HashPipeline(Executor executor, Consumer<ByteBuffer> release) {
        this(executor, release, new ConcurrentLinkedQueue<>());
    }

    /** With a queue of the caller's, which must be thread-safe: tests use it to stage a race. */
    HashPipeline(Executor executor, Consumer<ByteBuffer> release, Queue<Piece> pieces) {
        this.executor = executor;
        this.release = release;
        this.pieces = pieces;
    }

    /**
     * Hashes the first {@code length} bytes of a file first: what an earlier attempt left. Runs
     * {@code hashed} on the hashing thread once they are hashed.
     */
    void fromDisk(Path file, long length, Runnable hashed) {
        if (length > 0) {
            add(new Piece(null, file, length, hashed));
        } else {
            hashed.run();
        }
    }

    /**
     * The digest of every byte hashed so far, the running hash going on unchanged; only from a
     * {@code hashed} callback of {@link #fromDisk}, on the hashing thread.
     */
    byte[] digestSoFar() {
        try {
            return ((MessageDigest) sha256.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JDK's SHA-256 cannot be copied", e);
        }
    }

    /** Hands over a buffer's bytes, position to limit. */
    void fromMemory(ByteBuffer buffer) {
        add(new Piece(buffer, null, buffer.remaining(), null));
    }

    /** No more pieces will come; the digest completes once every piece is hashed. */
    CompletableFuture<byte[]> finish() {
        finishing = true;
        schedule();
        return digest;
    }

    /** Stops hashing and gives every buffer back; the digest fails. */
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

    /**
     * Hashes what is queued, on one hashing thread at a time ({@code running}). Whether the pieces
     * are complete is read before the queue is emptied, never after: {@link #finish} is called after
     * the last piece is added, so a drain that has seen it will find every piece in the queue. Read
     * after the queue was found empty, it could belong to a last piece and a finish that both came in
     * between, and the digest would be completed without that piece.
     */
    private void drain() {
        for (;;) {
            boolean complete = finishing;
            try {
                Piece piece;
                while ((piece = pieces.poll()) != null) {
                    if (aborted) {
                        drop(piece);
                        continue;
                    }
                    hash(piece);
                }
                if (aborted) {
                    digest.completeExceptionally(new IOException("hashing stopped"));
                } else if (complete && !digest.isDone()) {
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
            release.accept(piece.memory());
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(DISK_READ);
        try (FileChannel file = FileChannel.open(piece.file(), StandardOpenOption.READ)) {
            long position = 0;
            while (position < piece.length()) {
                buffer.clear().limit((int) Math.min(DISK_READ, piece.length() - position));
                int n = file.read(buffer, position);
                if (n < 0) {
                    throw new IOException("the .part file is shorter than it was");
                }
                buffer.flip();
                sha256.update(buffer);
                position += n;
            }
        }
        piece.hashed().run();
    }

    private void dropAll() {
        Piece piece;
        while ((piece = pieces.poll()) != null) {
            drop(piece);
        }
    }

    private void drop(Piece piece) {
        if (piece.memory() != null) {
            release.accept(piece.memory());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
