package dev.ferry.daemon.repository;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file a client asked for, checked and resolved: the name the client used, the real path inside
 * the repository, and the stamp it had when it was checked.
 */
public record ServedFile(String name, Path path, FileStamp stamp) {

    /** Opens the real path for reading; a link swapped in at the last segment fails to open. */
    public FileChannel openNoFollow() throws IOException {
        return FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
}
