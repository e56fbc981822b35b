package dev.ferry.daemon.repository;

import dev.ferry.daemon.shared.LogText;
import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.NameOrder;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder ferryd serves. Every name a client sends is checked here: lexically by
 * {@link NameRules}, then on disk, where it must resolve, links followed, to a regular file inside
 * the repository. Nothing outside the root is ever opened on a client's behalf.
 */
public final class Repository {
    private static final Logger log = LoggerFactory.getLogger(Repository.class);

    /** The most files a listing reports; a larger tree is cut off with a warning in the log. */
    public static final int MAX_LISTED = 100_000;

    /**
     * The most bytes a listing may take on the wire, well below a connection's bound on queued
     * replies, so asking for a huge listing can never get a client disconnected.
     */
    public static final long MAX_LISTED_BYTES = 4L << 20;

    /** The reason the JDK gives for ENOTDIR on Linux. */
    private static final String NOT_A_DIRECTORY = "Not a directory";

    /** The coarsest tick of the clocks file systems stamp times with (FAT's 2 s; ext4 and tmpfs move by milliseconds). */
    private static final Duration TIME_GRANULARITY = Duration.ofSeconds(2);

    private final Path root;
    /** What tells a listing is still good; null: every listing is read afresh. */
    private final RepositoryWatcher watcher;
    private final WarnOnce warnings = new WarnOnce(log);
    private final Object listingLock = new Object();
    /**
     * The last listing, the watcher's generation it was read at, and the modification time of
     * every folder it entered; guarded by {@code listingLock}.
     */
    private List<FileEntry> listing;
    private long listingGeneration;
    private Map<Path, FileTime> listingFolders = Map.of();
    /** When the cached listing began to be read, on the clock file times are stamped with. */
    private Instant listingReadAt = Instant.EPOCH;

    private Repository(Path root, RepositoryWatcher watcher) {
        this.root = root;
        this.watcher = watcher;
    }

    /**
     * Opens a repository folder.
     *
     * @throws NoSuchFileException   if it does not exist
     * @throws NotDirectoryException if it is not a folder
     */
    public static Repository open(Path folder) throws IOException {
        Path real = folder.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new NotDirectoryException(folder.toString());
        }
        if (!ConfinedOpen.supported(real)) {
            throw new FileSystemException(folder.toString(), null, "this platform cannot open files relative to"
                    + " a folder (openat), which ferryd needs to keep every file it sends inside the repository");
        }
        return new Repository(real, null);
    }

    /**
     * Opens a repository folder whose listing is read once and reused until {@code watcher}, which
     * watches the same folder, sees something change.
     */
    public static Repository watched(Path folder, java.util.function.Function<Path, RepositoryWatcher> watcher)
            throws IOException {
        Repository plain = open(folder);
        return new Repository(plain.root, watcher.apply(plain.root));
    }

    /** Stops watching the folder, if it was watched. */
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** The watcher keeping the listing fresh, if there is one. */
    public java.util.Optional<RepositoryWatcher> watcher() {
        return java.util.Optional.ofNullable(watcher);
    }

    /** The repository's real, absolute path. */
    public Path root() {
        return root;
    }

    /**
     * Checks a name and finds the regular file it stands for.
     *
     * @throws RequestFailure BAD_NAME, NO_SUCH_FILE or NOT_A_FILE, with a one-line reason
     */
    public ServedFile resolve(String name) throws RequestFailure {
        return resolve(name, log::warn);
    }

    /** As {@link #resolve(String)}, saying in {@code warn} why a file that exists cannot be served. */
    private ServedFile resolve(String name, java.util.function.Consumer<String> warn) throws RequestFailure {
        Path candidate = root;
        try {
            for (String segment : NameRules.segments(name)) {
                candidate = candidate.resolve(segment);
            }
        } catch (InvalidPathException e) {
            // a name the file system cannot spell here, as one outside ASCII under the C locale
            throw new RequestFailure(ErrorCode.BAD_NAME, "refused " + name + ": this server can only open file names"
                    + " in " + DiskNames.charset().name() + " (ferryd is not running under a UTF-8 locale)");
        }
        try {
            Path real = candidate.toRealPath();
            if (!real.startsWith(root)) {
                throw new RequestFailure(ErrorCode.NOT_A_FILE, name + " is a link that leads out of the repository");
            }
            for (Path part : root.relativize(real)) {
                if (part.toString().startsWith(".")) {
                    throw new RequestFailure(ErrorCode.NOT_A_FILE, name + " is a link to a hidden file");
                }
            }
            FileStamp stamp = FileStamp.of(real);
            if (!stamp.regular()) {
                String what = Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS) ? "a folder" : "not a regular file";
                throw new RequestFailure(ErrorCode.NOT_A_FILE, name + " is " + what);
            }
            return new ServedFile(name, real, stamp, root);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new RequestFailure(ErrorCode.NO_SUCH_FILE, "no such file: " + name);
        } catch (FileSystemException e) {
            if (NOT_A_DIRECTORY.equals(e.getReason())) {
                // a file used as a folder, as in sample.txt/inside (ENOTDIR)
                throw new RequestFailure(ErrorCode.NO_SUCH_FILE, "no such file: " + name);
            }
            // a link loop, a permission problem: say what, not where
            warn.accept("cannot resolve " + name + ": " + e);
            throw new RequestFailure(ErrorCode.NOT_A_FILE, name + " cannot be read (" + reasonOf(e) + ")");
        } catch (IOException e) {
            warn.accept("cannot resolve " + name + ": " + e);
            throw new RequestFailure(ErrorCode.READ_FAILED, name + " cannot be read");
        }
    }

    /**
     * Checks a name a client wants to upload to, exactly as a GET's, and finds or makes the folder it
     * goes in, held open so that nothing done to the folders afterwards can lead the upload out of
     * the repository ({@link UploadFolder}). {@code owner} is the uploading access key's id
     * ({@code ""} for none): the partial it writes is that key's alone.
     *
     * @throws RequestFailure BAD_NAME, NOT_A_FILE (a link or a file on the way), NO_SPACE or WRITE_FAILED
     */
    public UploadFolder uploadFolder(String name, String owner) throws RequestFailure {
        return UploadFolder.open(root, name, checkName(name), owner);
    }

    /**
     * Checks a name for an upload before anything is touched, as a GET's is checked: returns its
     * parts.
     *
     * @throws RequestFailure BAD_NAME, with the reason
     */
    public List<String> checkName(String name) throws RequestFailure {
        List<String> segments = NameRules.segments(name);
        if (!DiskNames.charset().newEncoder().canEncode(name)) {
            throw new RequestFailure(ErrorCode.BAD_NAME, "refused " + name + ": this server can only write file names"
                    + " in " + DiskNames.charset().name() + " (ferryd is not running under a UTF-8 locale)");
        }
        return segments;
    }

    /**
     * Opens a resolved file for reading from the repository root down without following any link
     * ({@link ConfinedOpen}), and makes sure what was opened is the file that was checked: a folder
     * or file swapped for a link, a pipe or another file in between is refused, and no byte from
     * outside the repository can be read.
     */
    public FileChannel open(ServedFile file) throws RequestFailure {
        try {
            return file.openNoFollow();
        } catch (NoSuchFileException e) {
            throw new RequestFailure(ErrorCode.NO_SUCH_FILE, "no such file: " + file.name());
        } catch (FileReplacedException e) {
            throw new RequestFailure(ErrorCode.NOT_A_FILE, file.name() + " was replaced while it was being opened");
        } catch (IOException e) {
            log.warn("cannot open {}: {}", LogText.clip(file.path().toString()), LogText.clip(e.toString()));
            throw new RequestFailure(ErrorCode.READ_FAILED, file.name() + " cannot be read (" + reasonOf(e) + ")");
        }
    }

    /**
     * Every file a client may fetch, sorted by name ({@link NameOrder}): regular files and links to
     * regular files inside the repository, at any depth up to {@link NameRules#MAX_DEPTH}, hidden
     * ones left out. A name that cannot be served as it reads here ({@link DiskNames}) is left out
     * with a warning in the log; the rest of the listing is unaffected.
     */
    public List<FileEntry> list() throws IOException {
        if (watcher == null) {
            return read(new HashMap<>());
        }
        synchronized (listingLock) {
            long generation = watcher.generation(); // before reading: a change meanwhile makes the next list read again
            if (listing == null || generation != listingGeneration || foldersChanged()) {
                Map<Path, FileTime> folders = new HashMap<>();
                Instant readAt = Instant.now();
                listing = List.copyOf(read(folders));
                listingReadAt = readAt;
                listingGeneration = generation;
                listingFolders = folders;
            }
            return listing;
        }
    }

    /**
     * True if a folder the last listing entered was changed since: a file created, deleted or
     * renamed in it. Checked at every LIST, one stat a folder, so a file made just before a LIST is
     * in it even if the watcher has not heard of it yet; a file written in place (a new size) is
     * the watcher's alone to notice, an instant later.
     */
    private boolean foldersChanged() {
        for (Map.Entry<Path, FileTime> folder : listingFolders.entrySet()) {
            if (racy(folder.getValue())) {
                return true;
            }
            try {
                if (!Files.getLastModifiedTime(folder.getKey(), LinkOption.NOFOLLOW_LINKS).equals(folder.getValue())) {
                    return true;
                }
            } catch (IOException e) {
                return true; // gone, or replaced by something else
            }
        }
        return false;
    }

    /**
     * True if a folder's time was too close to when the listing was read for an unchanged time to
     * prove that nothing changed since. File systems stamp times from a clock that moves in ticks
     * (a few milliseconds, or whole seconds on some), so a file made in the same tick as the
     * listing, just after it, leaves its folder's time as it was. Such a listing is read again
     * until its folders have been quiet for longer than any tick.
     */
    private boolean racy(FileTime folderTime) {
        return folderTime.toInstant().plus(TIME_GRANULARITY).isAfter(listingReadAt);
    }

    /**
     * Reads the listing from disk. An entry that cannot be listed is warned about once for the
     * daemon's life, however often the listing is read.
     */
    private List<FileEntry> read(Map<Path, FileTime> folders) throws IOException {
        List<FileEntry> files = new ArrayList<>();
        long[] bytes = {0};
        Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), NameRules.MAX_DEPTH,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (dir.equals(root)) {
                            folders.put(dir, attrs.lastModifiedTime());
                            return FileVisitResult.CONTINUE;
                        }
                        if (dir.getFileName().toString().startsWith(".")) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        if (!DiskNames.roundTrips(root, dir, nameOf(dir))) {
                            warnings.warn("not listing the folder " + DiskNames.bytesOf(root, dir) + ": " + DiskNames.whyNot());
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        folders.put(dir, attrs.lastModifiedTime());
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path path, BasicFileAttributes attrs) {
                        if (files.size() >= MAX_LISTED || bytes[0] >= MAX_LISTED_BYTES) {
                            warnings.warn("listing stopped at " + files.size() + " files (" + bytes[0] + " bytes)");
                            return FileVisitResult.TERMINATE;
                        }
                        String name = nameOf(path);
                        if (!(attrs.isRegularFile() || attrs.isSymbolicLink())
                                || path.getFileName().toString().startsWith(".")) {
                            return FileVisitResult.CONTINUE;
                        }
                        java.util.Optional<String> refused = NameRules.whyRefused(name);
                        if (refused.isPresent()) {
                            // a backslash, a control character: a name no client could ask for
                            warnings.warn("not listing " + DiskNames.bytesOf(root, path) + ": " + refused.get());
                            return FileVisitResult.CONTINUE;
                        }
                        if (!DiskNames.roundTrips(root, path, name)) {
                            warnings.warn("not listing " + DiskNames.bytesOf(root, path) + ": " + DiskNames.whyNot());
                            return FileVisitResult.CONTINUE;
                        }
                        if (addIfServed(files, name)) {
                            bytes[0] += 2 + name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 16;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path path, IOException e) {
                        warnings.warn("cannot list " + DiskNames.bytesOf(root, path) + ": " + e);
                        return FileVisitResult.CONTINUE;
                    }
                });
        Comparator<String> byName = NameOrder.comparator();
        files.sort((a, b) -> byName.compare(a.name(), b.name()));
        return files;
    }

    private boolean addIfServed(List<FileEntry> files, String name) {
        try {
            ServedFile file = resolve(name, warnings::warn);
            files.add(new FileEntry(name, file.stamp().size(), file.stamp().modified().toInstant()));
            return true;
        } catch (RequestFailure e) {
            return false; // a link out of the repository, a dangling link: not listed
        }
    }

    private String nameOf(Path path) {
        StringBuilder name = new StringBuilder();
        for (Path part : root.relativize(path)) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(part);
        }
        return name.toString();
    }

    /**
     * Why a file cannot be read, in Ferry's words for the client: the operating system's text
     * ("File name too long") and Java's class names stay in the log, which has the whole failure.
     */
    static String reasonOf(IOException e) {
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : "";
        if (reason.startsWith("Permission denied") || reason.startsWith("Operation not permitted")) {
            return "permission denied";
        }
        if (reason.startsWith("File name too long")) {
            return "its path is too long for the server's file system";
        }
        if (reason.startsWith("Too many levels of symbolic links")) {
            return "a loop of links"; // Java adds "or unable to access attributes of symbolic link"
        }
        if (reason.startsWith("Input/output error")) {
            return "a disk error on the server";
        }
        return "the server's file system refused it";
    }
}
