package dev.ferry.daemon.repository;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A file a client asked for, checked and resolved: the name the client used, the real path inside
 * the repository, the stamp it had when it was checked, and the repository's root.
 */
public record ServedFile(String name, Path path, FileStamp stamp, Path root) {

    /**
     * Opens the file for reading from the repository root down, never following a link (see
     * {@link ConfinedOpen}): what is opened is the file that was checked, inside the repository,
     * or the open fails.
     */
    public FileChannel openNoFollow() throws IOException {
        return ConfinedOpen.open(root, root.relativize(path), stamp.fileKey());
    }
}
