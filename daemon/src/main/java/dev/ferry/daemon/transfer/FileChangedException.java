package dev.ferry.daemon.transfer;

import java.io.IOException;

/** A file changed on disk while it was being hashed or sent. */
public final class FileChangedException extends IOException {
    public FileChangedException(String message) {
        super(message);
    }
}
