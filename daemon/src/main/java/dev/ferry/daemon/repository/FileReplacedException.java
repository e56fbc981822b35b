package dev.ferry.daemon.repository;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * A file, or a folder on its way, turned out not to be what was checked when it was opened: a link,
 * another file, a pipe. Nothing of it was read.
 */
public final class FileReplacedException extends FileSystemException {
    private static final long serialVersionUID = 1L;

    public FileReplacedException(Path file, String why) {
        super(file.toString(), null, why);
    }
}
