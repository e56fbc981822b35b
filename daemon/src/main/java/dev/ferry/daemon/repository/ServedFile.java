package dev.ferry.daemon.repository;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file a client asked for, checked and resolved: the name the client used, the real path inside
 * the repository, and the stamp it had when it was checked.
 */
public record ServedFile(String name, Path path, FileStamp stamp) {

    /**
     * Opens the real path for reading. A link swapped in at the last segment fails to open; the
     * file is checked to be a regular file again just before, so a pipe swapped in since the check
     * is not opened (opening one would wait for a writer).
     */
    public FileChannel openNoFollow() throws IOException {
        if (!FileStamp.of(path).regular()) {
            throw new FileSystemException(path.toString(), null, "not a regular file any more");
        }
        return FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
}
