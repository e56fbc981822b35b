package dev.ferry.client.failure;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why a file operation failed, in words a person reads at the end of one line: {@code cannot write
 * downloads/a.part: permission denied}, {@code cannot write /proc/x/a.part: /proc/x: no such folder}.
 * Java's {@link FileSystemException}s often carry nothing but a path as their message; this turns
 * each kind into its reason, and names the path only when it is not the one the line is about.
 */
public final class FileErrors {
    private FileErrors() {}

    /** The reason, preceded by the path it concerns when that is known. */
    public static String reason(IOException failure) {
        return reason(failure, null);
    }

    /**
     * The reason {@code failure} happened to {@code subject}: just the reason when the failure
     * concerns {@code subject} itself, {@code path: reason} when it concerns another path (a folder
     * above it, say).
     */
    public static String reason(IOException failure, Path subject) {
        if (!(failure instanceof FileSystemException fs)) {
            return sentence(failure.getMessage(), failure);
        }
        String file = fs.getFile();
        boolean itself = file == null || (subject != null && Path.of(file).equals(subject));
        String reason = fileSystemReason(fs, file, subject);
        return itself ? reason : file + ": " + reason;
    }

    /**
     * Creates {@code folder} and the folders above it. Where something in the way is not a folder,
     * the failure names it: a {@link NotDirectoryException} for that path, not for the folder asked
     * for.
     */
    public static void createFolders(Path folder) throws IOException {
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            throw new NotDirectoryException(e.getFile());
        } catch (FileSystemException e) {
            Path blocker = firstNonFolder(folder);
            if (blocker == null) {
                throw e;
            }
            throw new NotDirectoryException(blocker.toString());
        }
    }

    /** The first path from the root down to {@code folder} that exists and is not a folder, or null. */
    private static Path firstNonFolder(Path folder) {
        Path absolute = folder.toAbsolutePath();
        Path current = absolute.getRoot();
        for (Path part : absolute) {
            current = current == null ? part : current.resolve(part);
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            if (!Files.isDirectory(current)) {
                return current;
            }
        }
        return null;
    }

    private static String fileSystemReason(FileSystemException fs, String file, Path subject) {
        if (fs instanceof NoSuchFileException) {
            return missing(file, subject);
        }
        if (fs instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (fs instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (fs instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (fs instanceof DirectoryNotEmptyException) {
            return "folder not empty";
        }
        if (fs instanceof FileSystemLoopException) {
            return "symbolic links in a loop";
        }
        String reason = fs.getReason();
        if (reason == null) {
            return sentence(null, fs);
        }
        return switch (reason) {
            case "No such file or directory" -> missing(file, subject);
            case "Not a directory" -> "not a folder";
            case "Is a directory" -> "is a folder";
            case "Directory not empty" -> "folder not empty";
            default -> sentence(reason, fs);
        };
    }

    /**
     * What is missing: a path above the subject can only be a folder. Of any other path the
     * failure does not say which it was (creating a file, it is the folder it goes in).
     */
    private static String missing(String file, Path subject) {
        boolean above = file != null && subject != null && subject.startsWith(Path.of(file)) && !subject.equals(Path.of(file));
        return above ? "no such folder" : "no such file or folder";
    }

    /** A system message as Ferry writes reasons: lower case first, never empty. */
    private static String sentence(String message, Throwable failure) {
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        if (message.length() > 1 && Character.isUpperCase(message.charAt(0)) && Character.isLowerCase(message.charAt(1))) {
            return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
        }
        return message;
    }
}
