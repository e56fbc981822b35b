package dev.ferry.client.transfer;

import java.nio.file.Path;

/**
 * An upload in progress. Its result is an {@link UploadResult} once the server has verified the
 * file and renamed it into place; what the server received of an upload that stopped part-way
 * stays in its hidden partial, and the next upload of the same name sends only the rest.
 */
public final class Upload extends FileTransfer<UploadResult> {
    private final Path source;

    Upload(String name, Path source) {
        super(name);
        this.source = source;
    }

    /** The local file. */
    public Path source() {
        return source;
    }
}
