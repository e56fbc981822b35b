package dev.ferry.daemon.changes;

/**
 * What the daemon's write paths tell the rest of it about the repository. The upload code calls
 * {@link #uploaded} once a file is committed under its final name; the other clients then hear of
 * it at once, without waiting for the file system's notification.
 */
public interface RepositoryEvents {
    /**
     * A client's upload was committed.
     *
     * @param client the uploader's name ({@code Client02}), which is not told of its own upload
     * @param name   the file's name in the repository, as a listing shows it
     * @param size   its size in bytes
     */
    void uploaded(String client, String name, long size);

    /** Events that go nowhere, for parts run without a daemon around them. */
    RepositoryEvents NONE = (client, name, size) -> { };
}
