package dev.ferry.daemon.repository;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The few system calls that writing inside the repository needs and the JDK does not offer: a
 * folder opened relative to the folder above it without following a link ({@code openat} with
 * {@code O_NOFOLLOW}, giving a descriptor that stays on that folder whatever happens to its name),
 * and a rename that refuses to replace ({@code renameat2} with {@code RENAME_NOREPLACE}). Linux
 * only; {@link #unavailable()} says why not elsewhere.
 */
final class Posix {
    static final int ENOENT = 2;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int EINVAL = 22;
    static final int ELOOP = 40;
    static final int ENOSYS = 38;
    static final int ENOSPC = 28;
    static final int EDQUOT = 122;

    private static final int O_RDONLY = 0;
    private static final int O_RDWR = 2;
    private static final int O_CREAT = 0x40;
    private static final int O_EXCL = 0x80;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final int RENAME_NOREPLACE = 1;
    private static final int SYNC_FILE_RANGE_WRITE = 2;

    /** Flags whose values differ between Linux architectures. */
    private record Flags(int directory, int noFollow) {}

    private static final Flags FLAGS = flags(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    private static final LibC LIBC;
    private static final String UNAVAILABLE;

    static {
        LibC libc = null;
        String why = null;
        if (FLAGS == null) {
            why = "uploads need Linux on x86-64 or ARM64 (this is " + System.getProperty("os.name") + " on "
                    + System.getProperty("os.arch") + ")";
        } else {
            try {
                libc = Native.load("c", LibC.class);
            } catch (LinkageError | RuntimeException e) {
                why = "the C library could not be reached for openat and renameat2 (" + e.getMessage() + ")";
            }
        }
        LIBC = libc;
        UNAVAILABLE = why;
    }

    private Posix() {}

    interface LibC extends Library {
        int open(byte[] path, int flags) throws LastErrorException;

        int openat(int folder, byte[] name, int flags, int mode) throws LastErrorException;

        int close(int fd) throws LastErrorException;

        int fsync(int fd) throws LastErrorException;

        int sync_file_range(int fd, long offset, long length, int flags) throws LastErrorException;

        int renameat2(int fromFolder, byte[] from, int toFolder, byte[] to, int flags) throws LastErrorException;
    }

    /** Why these calls cannot be made here, or empty if they can. */
    static Optional<String> unavailable() {
        return Optional.ofNullable(UNAVAILABLE);
    }

    /** Opens a folder by its absolute path, for a descriptor; the repository's root, which is trusted. */
    static int openFolder(String path, Charset charset) throws LastErrorException {
        return LIBC.open(cString(path, charset), O_RDONLY | O_CLOEXEC | FLAGS.directory());
    }

    /** Opens the folder {@code name} inside the folder {@code parent}, failing (ELOOP, ENOTDIR) on anything else, links included. */
    static int openFolderAt(int parent, String name, Charset charset) throws LastErrorException {
        return LIBC.openat(parent, cString(name, charset), O_RDONLY | O_CLOEXEC | FLAGS.directory() | FLAGS.noFollow(), 0);
    }

    /**
     * Opens the file {@code name} inside {@code folder} to read and write, never through a link
     * (ELOOP) and without waiting on a FIFO; with {@code create}, makes it and fails (EEXIST) on
     * anything already there.
     */
    static int openFileAt(int folder, String name, boolean create, Charset charset) throws LastErrorException {
        int flags = O_RDWR | O_CLOEXEC | O_NONBLOCK | FLAGS.noFollow() | (create ? O_CREAT | O_EXCL : 0);
        return LIBC.openat(folder, cString(name, charset), flags, 0600);
    }

    static void close(int fd) {
        try {
            LIBC.close(fd);
        } catch (LastErrorException e) {
            // nothing to do: the descriptor is gone either way
        }
    }

    /** Makes the folder's entries (a rename into it) durable. */
    static void fsync(int fd) throws LastErrorException {
        LIBC.fsync(fd);
    }

    /**
     * Starts writing the file's bytes from {@code offset} on for {@code length} to the disk, and
     * returns at once (sync_file_range with SYNC_FILE_RANGE_WRITE): a later fsync then has little
     * left to wait for. It promises nothing by itself.
     */
    static void startWriteback(int fd, long offset, long length) throws LastErrorException {
        try {
            LIBC.sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE);
        } catch (UnsatisfiedLinkError e) {
            throw new LastErrorException(ENOSYS);
        }
    }

    /**
     * Renames {@code from} to {@code to}, both in {@code folder}, failing with EEXIST if {@code to}
     * exists; EINVAL or ENOSYS where the file system or the kernel cannot refuse to replace.
     */
    static void renameNoReplace(int folder, String from, String to, Charset charset) throws LastErrorException {
        try {
            LIBC.renameat2(folder, cString(from, charset), folder, cString(to, charset), RENAME_NOREPLACE);
        } catch (UnsatisfiedLinkError e) {
            throw new LastErrorException(ENOSYS); // a C library older than renameat2
        }
    }

    private static byte[] cString(String text, Charset charset) {
        byte[] bytes = text.getBytes(charset);
        return Arrays.copyOf(bytes, bytes.length + 1);
    }

    private static Flags flags(String os, String arch) {
        if (!os.toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        return switch (arch) {
            case "amd64", "x86_64" -> new Flags(0x10000, 0x20000);
            case "aarch64", "arm64" -> new Flags(0x4000, 0x8000);
            default -> null;
        };
    }
}
