package dev.ferry.client.transfer;

/**
 * What shows the progress of something on its way reads of it: one file's {@link FileTransfer},
 * or several moving as one (a folder's uploads). Read from any thread.
 */
public interface Progress {

    /** The name on the server. */
    String name();

    /** Bytes in all, or -1 until known. */
    long size();

    /** Bytes moved so far, those held before included. */
    long done();

    /** True while what was held before is read back and hashed, and nothing moves yet. */
    boolean checking();

    /** Asks to stop; what has moved is kept for a later resume. */
    void cancel();
}
