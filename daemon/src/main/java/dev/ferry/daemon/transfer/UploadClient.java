package dev.ferry.daemon.transfer;

/**
 * Who uploads, as the uploads need to know: a name, the key it came with, whether it may write.
 * Replies go through the session's {@link TransferSink}, as a download's do.
 */
public interface UploadClient {
    /** The client's name ({@code Client02}), for the log and for the others' UPLOADED event. */
    String name();

    /** The label of the access key it came in with; {@code ""} for none. */
    String keyLabel();

    /** The id of the access key it came in with, {@code ""} for none: whose partials it may resume. */
    String keyId();

    /** True if it may change the repository. */
    boolean mayWrite();
}
