package dev.ferry.daemon.repository;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Opens a file below the repository so that what is opened is certainly inside it, whatever
 * anyone does to the folders meanwhile. Checking a path and then opening it by name are two steps,
 * and a folder swapped for a link to somewhere else in between would be followed. Here nothing is
 * opened by path below the root: the walk starts from an open handle on the repository root and
 * opens each folder, then the file, relative to the handle of the folder above it and without
 * following a link ({@code openat} with {@code O_NOFOLLOW}, through {@link SecureDirectoryStream}).
 * A link met anywhere fails the open instead of being followed; every type check asks the handle
 * of the folder the name is in, never a path.
 *
 * <p>After the file is open, the walk checks that every folder it holds is still the one its name
 * in the folder above names, and that the file is the one that was checked, so a folder moved out
 * of the repository in the middle of the walk is caught too.
 */
final class ConfinedOpen {
    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private ConfinedOpen() {}

    /**
     * True if this platform opens files relative to a folder handle ({@code openat}); ferryd
     * refuses to serve without it.
     */
    static boolean supported(Path root) {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(root)) {
            return stream instanceof SecureDirectoryStream;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Opens {@code relative} (a path of plain names, no links, below {@code root}) for reading.
     *
     * @param fileKey the identity the file had when it was checked; anything else is refused
     * @throws FileReplacedException if a link, a folder where a file was, another file or anything that is
     *     not a regular file is found on the way
     */
    static FileChannel open(Path root, Path relative, Object fileKey) throws IOException {
        List<Path> names = new ArrayList<>();
        relative.forEach(names::add);
        if (names.isEmpty()) {
            throw new FileReplacedException(relative, "not a file");
        }
        List<SecureDirectoryStream<Path>> folders = new ArrayList<>();
        try {
            folders.add(rootOf(root));
            for (Path name : names.subList(0, names.size() - 1)) {
                SecureDirectoryStream<Path> parent = folders.get(folders.size() - 1);
                // a pipe or device in place of a folder would block the open: look first
                if (!attributes(parent, name).isDirectory()) {
                    throw new FileReplacedException(relative, name + " is not a folder");
                }
                folders.add(openFolder(parent, name, relative));
            }
            SecureDirectoryStream<Path> folder = folders.get(folders.size() - 1);
            Path last = names.get(names.size() - 1);
            BasicFileAttributes before = attributes(folder, last);
            if (!before.isRegularFile() || !before.fileKey().equals(fileKey)) {
                throw new FileReplacedException(relative, "not the file that was checked");
            }
            FileChannel channel = openFile(folder, last, relative, before);
            try {
                confirm(folders, names, relative, fileKey);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            return channel;
        } finally {
            for (SecureDirectoryStream<Path> folder : folders) {
                folder.close();
            }
        }
    }

    /** With the file open: every folder held is still where its name says, and the file is the one checked. */
    private static void confirm(List<SecureDirectoryStream<Path>> folders, List<Path> names, Path relative,
            Object fileKey) throws IOException {
        for (int i = 1; i < folders.size(); i++) {
            Object held = folders.get(i).getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
            Object named = attributes(folders.get(i - 1), names.get(i - 1)).fileKey();
            if (!held.equals(named)) {
                throw new FileReplacedException(relative, names.get(i - 1) + " was moved while the file was opened");
            }
        }
        BasicFileAttributes after = attributes(folders.get(folders.size() - 1), names.get(names.size() - 1));
        if (!after.isRegularFile() || !after.fileKey().equals(fileKey)) {
            throw new FileReplacedException(relative, "replaced while it was opened");
        }
    }

    private static SecureDirectoryStream<Path> openFolder(SecureDirectoryStream<Path> parent, Path name, Path relative)
            throws IOException {
        BasicFileAttributes checked = attributes(parent, name);
        try {
            return parent.newDirectoryStream(name, NO_FOLLOW);
        } catch (IOException e) {
            throw replacedOr(e, parent, name, relative, checked);
        }
    }

    private static FileChannel openFile(SecureDirectoryStream<Path> folder, Path name, Path relative,
            BasicFileAttributes checked) throws IOException {
        try {
            return (FileChannel) folder.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw replacedOr(e, folder, name, relative, checked);
        }
    }

    /**
     * An open that failed: because the name stood for a link at that moment (O_NOFOLLOW refuses it
     * with ELOOP), or now stands for something else, or for a reason of its own (no permission, no
     * such file, too many open files), kept as it is.
     */
    private static IOException replacedOr(IOException failure, SecureDirectoryStream<Path> folder, Path name,
            Path relative, BasicFileAttributes checked) {
        if (failure instanceof AccessDeniedException || failure instanceof NoSuchFileException) {
            return failure;
        }
        if (isLinkRefused(failure)) {
            return new FileReplacedException(relative, name + " was replaced by a link while it was opened");
        }
        try {
            BasicFileAttributes now = attributes(folder, name);
            if (now.isSymbolicLink() || !now.fileKey().equals(checked.fileKey())) {
                return new FileReplacedException(relative, name + " was replaced while it was opened");
            }
            return failure;
        } catch (IOException gone) {
            return gone instanceof NoSuchFileException ? gone : failure;
        }
    }

    /** ELOOP as the JDK reports it for an open without following links, of a folder or of a file. */
    private static boolean isLinkRefused(IOException failure) {
        String message = failure.getMessage();
        return message != null && (message.endsWith(" or unable to access attributes of symbolic link")
                || message.endsWith("(NOFOLLOW_LINKS specified)"));
    }

    private static SecureDirectoryStream<Path> rootOf(Path root) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(root);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new FileSystemException(root.toString(), null,
                "this platform cannot open files relative to a folder (no openat), so files cannot be served safely");
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> folder, Path name) throws IOException {
        return folder.getFileAttributeView(name, BasicFileAttributeView.class, NO_FOLLOW).readAttributes();
    }
}
