package dev.ferry.daemon.transfer;

import dev.ferry.daemon.repository.FileReplacedException;
import dev.ferry.daemon.repository.FileStamp;
import dev.ferry.daemon.repository.ServedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-256 digests of served files, keyed by real path and valid for one {@link FileStamp}. The
 * first request for a file starts hashing it on the hashing executor while the file is already
 * being sent; later requests for the unchanged file reuse the digest (or the hashing in progress).
 * A file that changes while it is hashed fails the digest with {@link FileChangedException} and is
 * not cached. Least recently used entries beyond the capacity are forgotten. Thread-safe.
 */
public final class DigestCache {
    private static final Logger log = LoggerFactory.getLogger(DigestCache.class);
    private static final int READ_BUFFER = 1 << 20;

    private record Entry(FileStamp stamp, CompletableFuture<byte[]> digest) {}

    private final Executor hashers;
    private final Map<Path, Entry> entries;
    private final ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_BUFFER));
    private long hits;
    private long misses;

    public DigestCache(Executor hashers, int capacity) {
        this.hashers = hashers;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Path, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The digest of this version of the file: cached, being computed, or computed from now on. */
    public CompletableFuture<byte[]> digestOf(ServedFile file) {
        CompletableFuture<byte[]> digest;
        synchronized (this) {
            Entry entry = entries.get(file.path());
            if (entry != null && entry.stamp().equals(file.stamp()) && !entry.digest().isCompletedExceptionally()) {
                hits++;
                return entry.digest();
            }
            misses++;
            digest = new CompletableFuture<>();
            entries.put(file.path(), new Entry(file.stamp(), digest));
        }
        try {
            hashers.execute(() -> compute(file, digest));
        } catch (RejectedExecutionException e) {
            forget(file.path(), digest);
            digest.completeExceptionally(new IOException("the server is shutting down"));
        }
        return digest;
    }

    /** Requests answered from the cache, and requests that had to hash. */
    public synchronized long[] hitsAndMisses() {
        return new long[] {hits, misses};
    }

    /** Hashes the file; the digest completes only after the file is closed again. */
    private void compute(ServedFile file, CompletableFuture<byte[]> digest) {
        long started = System.nanoTime();
        byte[] result;
        try (FileChannel channel = file.openNoFollow()) {
            MessageDigest sha256 = sha256();
            ByteBuffer buffer = buffers.get();
            long size = file.stamp().size();
            long total = 0;
            while (total < size) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), size - total));
                int n = channel.read(buffer, total);
                if (n < 0) {
                    break; // shorter than stamped: caught below
                }
                buffer.flip();
                sha256.update(buffer);
                total += n;
            }
            FileStamp after = FileStamp.of(file.path());
            if (!after.equals(file.stamp()) || total != file.stamp().size()) {
                throw new FileChangedException(file.name() + " changed while it was being hashed");
            }
            result = sha256.digest();
            log.debug("hashed {} ({} bytes) in {} ms", file.name(), total, (System.nanoTime() - started) / 1_000_000);
        } catch (FileReplacedException e) {
            forget(file.path(), digest);
            digest.completeExceptionally(new FileChangedException(file.name() + " was replaced before it was hashed"));
            return;
        } catch (IOException | RuntimeException e) {
            forget(file.path(), digest);
            digest.completeExceptionally(e);
            return;
        }
        digest.complete(result);
    }

    private synchronized void forget(Path path, CompletableFuture<byte[]> digest) {
        Entry entry = entries.get(path);
        if (entry != null && entry.digest() == digest) {
            entries.remove(path);
        }
    }

    /** A fresh SHA-256 instance; every JDK has one. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
