package dev.ferry.client.transfer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One ferry at a time fetches a name into a folder. Two {@code ferry get big.bin} into the same
 * folder would otherwise write the same {@code big.bin.part} at once. A download holds a one-byte
 * lock in {@code $XDG_STATE_HOME/ferry/fetch.lock}, at an offset drawn from the SHA-256 of the
 * folder's absolute path and the name: a lock the kernel drops when the process ends, however it
 * ends, and nothing left in the download folder. The lock is on a file of its own rather than on
 * the .part, which is opened, closed and renamed as the download goes: POSIX drops a process's
 * locks on a file whenever any of its descriptors on that file is closed. For the same reason the
 * lock file is opened once per process and never closed.
 */
final class FetchLock implements AutoCloseable {
    static final String FILE = "fetch.lock";

    private static final Map<Path, FileChannel> FILES = new ConcurrentHashMap<>();

    private final FileLock lock;

    private FetchLock(FileLock lock) {
        this.lock = lock;
    }

    /** Takes the lock for {@code name} in {@code folder}; null if another download holds it. */
    static FetchLock tryTake(Path folder, String name) throws IOException {
        return tryTake(dev.ferry.client.config.XdgPaths.stateHome().resolve(FILE), folder, name);
    }

    /** The same, with the locks kept in {@code lockFile}. */
    static FetchLock tryTake(Path lockFile, Path folder, String name) throws IOException {
        FileChannel channel = channel(lockFile);
        try {
            FileLock lock = channel.tryLock(offset(folder.toAbsolutePath().normalize() + "\0" + name), 1, false);
            return lock == null ? null : new FetchLock(lock);
        } catch (OverlappingFileLockException e) {
            return null; // held by another download in this process
        }
    }

    private static FileChannel channel(Path lockFile) throws IOException {
        try {
            return FILES.computeIfAbsent(lockFile.toAbsolutePath(), f -> {
                try {
                    java.nio.file.Files.createDirectories(f.getParent());
                    return FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Where in the lock file the byte for {@code key} is: 62 bits of its SHA-256. */
    static long offset(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xFF);
            }
            return value & 0x3FFF_FFFF_FFFF_FFFFL;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel stays open for the process; a lock that cannot be released goes with it
        }
    }
}
