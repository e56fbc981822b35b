package dev.ferry.client.transfer;

/**
 * Follows an upload. Methods run on the connection's reader thread ({@link #started}) and on its
 * sending thread ({@link #progress}), after each piece has gone: keep them short.
 */
public interface UploadListener {

    /** The server accepted the upload: the file's size, and the bytes it already held. */
    default void started(Upload upload, long size, long resumedFrom) {}

    /** {@code sent} of {@code size} bytes have gone (those the server held included). */
    default void progress(Upload upload, long sent, long size) {}

    UploadListener NONE = new UploadListener() {};
}
