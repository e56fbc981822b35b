package dev.ferry.client.transfer;

/**
 * Follows a download. Methods run on the connection's reader thread, after each piece is on disk:
 * keep them short.
 */
public interface DownloadListener {

    /** The server accepted the request: the file's size, and the bytes already held locally. */
    default void started(Download download, long size, long resumedFrom) {}

    /** {@code received} of {@code size} bytes are on disk (resumed bytes included). */
    default void progress(Download download, long received, long size) {}

    DownloadListener NONE = new DownloadListener() {};
}
