package dev.ferry.daemon.repository;

import com.sun.jna.LastErrorException;
import dev.ferry.daemon.shared.LogText;
import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.protocol.ErrorCode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder an upload lands in, held open by a descriptor from the moment it is found: every
 * later step (the partial file, the check for a file of the name, the final rename) happens
 * relative to that descriptor, never through the path again. The walk to it starts at the
 * repository's root and opens one folder inside the other without following a link, making the
 * folders that do not exist yet, so a folder on the way swapped for a link to somewhere else
 * fails the walk, and a swap after it changes nothing: the descriptor stays on the folder that
 * was opened. Linux only: the steps go through {@code /proc/self/fd}, which names what a
 * descriptor holds, not a path to look up again.
 */
public final class UploadFolder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UploadFolder.class);
    /** What every partial's name starts with: hidden, so never listed nor served. */
    public static final String PARTIAL_PREFIX = ".ferry-part-";

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final int fd;
    private final Path handle;
    /** The repository's root and the folders from it to this one: the walk {@link #stillInRepository} makes again. */
    private final Path root;
    private final List<String> folders;
    private final String name;
    private final String target;
    /** The access key whose upload this is ({@code ""} for none): each key has partials of its own. */
    private final String owner;
    private final Charset charset;
    private boolean closed;

    private UploadFolder(int fd, Path root, List<String> folders, String name, String target, String owner,
            Charset charset) {
        this.fd = fd;
        this.root = root;
        this.folders = folders;
        this.handle = Path.of("/proc/self/fd/" + fd);
        this.name = name;
        this.target = target;
        this.owner = owner;
        this.charset = charset;
    }

    /** Why files cannot be written inside {@code root} on this system, or empty if they can. */
    public static Optional<String> unavailable(Path root) {
        Optional<String> posix = Posix.unavailable();
        if (posix.isPresent()) {
            return posix;
        }
        try {
            int fd = Posix.openFolder(root.toString(), DiskNames.charset());
            try {
                if (!Files.isDirectory(Path.of("/proc/self/fd/" + fd))) {
                    return Optional.of("uploads need /proc, which is not mounted here");
                }
            } finally {
                Posix.close(fd);
            }
            return Optional.empty();
        } catch (LastErrorException e) {
            return Optional.of("the repository cannot be opened for writing (errno " + e.getErrorCode() + ")");
        }
    }

    /**
     * Finds, or makes, the folder for {@code name} below {@code root}, whose parts are {@code segments}
     * (checked by {@link NameRules}).
     *
     * @throws RequestFailure NOT_A_FILE for a link, a file or anything else where a folder should be;
     *     NO_SPACE or WRITE_FAILED if a folder cannot be made
     */
    static UploadFolder open(Path root, String name, List<String> segments, String owner) throws RequestFailure {
        Charset charset = DiskNames.charset();
        int fd;
        try {
            fd = Posix.openFolder(root.toString(), charset);
        } catch (LastErrorException e) {
            throw new RequestFailure(ErrorCode.WRITE_FAILED, "the repository cannot be opened for writing");
        }
        try {
            for (String segment : segments.subList(0, segments.size() - 1)) {
                int next = enter(fd, segment, name, charset);
                Posix.close(fd);
                fd = next;
            }
        } catch (RequestFailure | RuntimeException e) {
            Posix.close(fd);
            throw e;
        }
        return new UploadFolder(fd, root, List.copyOf(segments.subList(0, segments.size() - 1)), name,
                segments.get(segments.size() - 1), owner, charset);
    }

    /** Opens the folder {@code segment} inside {@code parent}, making it first if there is none. */
    private static int enter(int parent, String segment, String name, Charset charset) throws RequestFailure {
        for (int attempt = 0; ; attempt++) {
            try {
                return Posix.openFolderAt(parent, segment, charset);
            } catch (LastErrorException e) {
                switch (e.getErrorCode()) {
                    case Posix.ELOOP -> throw new RequestFailure(ErrorCode.NOT_A_FILE,
                            "refused " + name + ": the folder " + segment + " on the way is a link");
                    case Posix.ENOTDIR -> throw new RequestFailure(ErrorCode.NOT_A_FILE,
                            "refused " + name + ": " + segment + " on the way is not a folder");
                    case Posix.ENOENT -> {
                        refuseLookAlike(parent, segment, name);
                        if (attempt > 0) {
                            throw new RequestFailure(ErrorCode.WRITE_FAILED, "the folder " + segment + " for " + name
                                    + " disappeared while it was made");
                        }
                        makeFolder(parent, segment, name);
                    }
                    default -> throw new RequestFailure(ErrorCode.WRITE_FAILED, "the folder " + segment + " for "
                            + name + " cannot be opened (errno " + e.getErrorCode() + ")");
                }
            }
        }
    }

    /** Refuses to make a folder whose name looks the same as one beside it (see {@link LookAlikes}). */
    private static void refuseLookAlike(int parent, String segment, String name) throws RequestFailure {
        Optional<String> there;
        try {
            there = LookAlikes.in(Path.of("/proc/self/fd/" + parent), segment);
        } catch (IOException e) {
            throw Writes.failure(e, "the folder for " + name + " cannot be read");
        }
        if (there.isPresent()) {
            throw new RequestFailure(ErrorCode.EXISTS, "refused " + name + ": the folder " + there.get() + " is there,"
                    + " whose name looks the same as " + segment + " (the same letters in another Unicode form)");
        }
    }

    /**
     * Another entry in this folder whose name looks the same as the target's, in other bytes (see
     * {@link LookAlikes}), or empty.
     */
    public Optional<String> lookAlike() throws IOException {
        return LookAlikes.in(handle, target);
    }

    /** What names that look the same share: one upload at a time may hold it. */
    public static String lookAlikeKey(String name) {
        return LookAlikes.key(name);
    }

    private static void makeFolder(int parent, String segment, String name) throws RequestFailure {
        try {
            Files.createDirectory(Path.of("/proc/self/fd/" + parent, segment));
        } catch (FileAlreadyExistsException e) {
            // made by someone else meanwhile: open it
        } catch (AccessDeniedException e) {
            throw new RequestFailure(ErrorCode.WRITE_FAILED, "the folder " + segment + " for " + name
                    + " cannot be made (permission denied)");
        } catch (IOException e) {
            throw Writes.failure(e, "the folder " + segment + " for " + name + " cannot be made");
        }
    }

    /** The upload's name in the repository, as the client sent it. */
    public String name() {
        return name;
    }

    /** The file's own name inside this folder: the name's last part. */
    public String target() {
        return target;
    }

    /**
     * The name of the hidden partial that holds this upload until it is verified: one per target
     * name and access key, so a key never resumes, learns the digest of, or finishes what another
     * key sent (which would publish that key's unverified bytes under the name).
     */
    public String partialName() {
        try {
            String whose = owner.isEmpty() ? target : owner + "\0" + target;
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(whose.getBytes(StandardCharsets.UTF_8));
            return PARTIAL_PREFIX + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** What is in this folder under {@code entry}, links not followed, or empty if nothing is. */
    public Optional<BasicFileAttributes> attributes(String entry) throws IOException {
        try {
            return Optional.of(Files.readAttributes(handle.resolve(entry), BasicFileAttributes.class, NO_FOLLOW));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Opens the partial to read and write: the one there if {@code resume} and it is a file of this
     * upload's own, else a new empty one. Whatever else stands at the partial's name (a link, a
     * FIFO, a hard link to a file elsewhere, in the repository or outside it) is removed, never
     * opened for writing: the checks are made on the file opened, not on its name, so nothing
     * swapped in between is written to.
     *
     * @throws IOException if no file of its own can be had under the partial's name
     */
    public PartialFile openPartial(boolean resume) throws IOException {
        if (resume) {
            PartialFile held = openOwn(false);
            if (held != null) {
                return held;
            }
        }
        deletePartial();
        PartialFile fresh = openOwn(true);
        if (fresh == null) {
            throw new IOException("the partial " + partialName() + " was replaced while it was made");
        }
        return fresh;
    }

    /** The partial, opened (or made) without following a link; null if what is there is not a file of its own. */
    private PartialFile openOwn(boolean create) throws IOException {
        int file;
        try {
            file = Posix.openFileAt(fd, partialName(), create, charset);
        } catch (LastErrorException e) {
            int errno = e.getErrorCode();
            if (errno == Posix.ELOOP || errno == Posix.EEXIST || (!create && errno == Posix.ENOENT)) {
                return null; // a link, something made meanwhile, or nothing held: not a file of its own
            }
            throw errno == Posix.ENOSPC || errno == Posix.EDQUOT ? new IOException("No space left on device")
                    : new IOException("the partial cannot be opened (errno " + errno + ")");
        }
        boolean kept = false;
        try {
            Path opened = Path.of("/proc/self/fd/" + file);
            BasicFileAttributes what = Files.readAttributes(opened, BasicFileAttributes.class);
            Object links = Files.getAttribute(opened, "unix:nlink");
            if (!what.isRegularFile() || !(links instanceof Integer n) || n != 1) {
                return null;
            }
            PartialFile partial = new PartialFile(FileChannel.open(opened, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), file);
            kept = true; // the descriptor stays open with the partial, for its writeback
            return partial;
        } finally {
            if (!kept) {
                Posix.close(file);
            }
        }
    }

    /** The file system the folder is on, for its free space. */
    public FileStore store() throws IOException {
        return Files.getFileStore(handle);
    }

    /**
     * True if the folder held is still the one the walk from the repository's root leads to: the
     * same walk (no link followed, nothing made) ends at the same file (device and inode). Someone
     * with write access inside and outside the repository can move the held folder out of it while
     * an upload runs; the descriptor follows the folder wherever it goes, and a commit then would
     * land outside. Asked right before the commit: a move in the instant between the two is the
     * one case left (a rename cannot be made conditional on where its folder sits).
     */
    public boolean stillInRepository() throws IOException {
        int walked;
        try {
            walked = Posix.openFolder(root.toString(), charset);
        } catch (LastErrorException e) {
            return false;
        }
        try {
            for (String folder : folders) {
                int next = Posix.openFolderAt(walked, folder, charset);
                Posix.close(walked);
                walked = next;
            }
            Object reached = Files.readAttributes(Path.of("/proc/self/fd/" + walked), BasicFileAttributes.class).fileKey();
            Object held = Files.readAttributes(handle, BasicFileAttributes.class).fileKey();
            return reached != null && reached.equals(held);
        } catch (LastErrorException e) {
            return false; // a folder on the way is gone, or is a link now
        } finally {
            Posix.close(walked);
        }
    }

    /**
     * Puts the partial in place under the target name, in one step. Without {@code replace}, a file
     * of that name (one that appeared meanwhile included) is never replaced. The caller has made the
     * partial's bytes durable first ({@link PartialFile#sync}) and makes the rename durable after
     * ({@link #syncFolder}), so after a power cut the name holds either nothing new or the whole
     * verified file.
     *
     * @return false if a file of the name exists and {@code replace} is false; the partial is then kept
     */
    public boolean commit(boolean replace) throws IOException {
        return rename(replace);
    }

    /** Makes the folder's entries durable: a rename into it survives a power cut. A failure is logged only. */
    public void syncFolder() {
        try {
            Posix.fsync(fd);
        } catch (LastErrorException e) { // the file is in place; only its surviving a power cut is in doubt
            log.warn("the folder of {} could not be synced after the rename (errno {})", LogText.clip(name),
                    e.getErrorCode());
        }
    }

    private boolean rename(boolean replace) throws IOException {
        if (replace) {
            Files.move(handle.resolve(partialName()), handle.resolve(target), StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
        try {
            Posix.renameNoReplace(fd, partialName(), target, charset);
            return true;
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Posix.EEXIST) {
                return false;
            }
            if (e.getErrorCode() != Posix.EINVAL && e.getErrorCode() != Posix.ENOSYS) {
                throw new IOException("rename failed (errno " + e.getErrorCode() + ")");
            }
        }
        // a file system that cannot refuse in a rename: a hard link can, then the partial's name goes
        try {
            Files.createLink(handle.resolve(target), handle.resolve(partialName()));
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        Files.deleteIfExists(handle.resolve(partialName()));
        return true;
    }

    /** Removes the partial, if there is one. */
    public void deletePartial() throws IOException {
        Files.deleteIfExists(handle.resolve(partialName()));
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Posix.close(fd);
        }
    }
}
