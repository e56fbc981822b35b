package dev.ferry.client.transfer;

import java.time.Duration;

/** A verified transfer, either way: a {@link DownloadResult} or an {@link UploadResult}. */
public sealed interface TransferResult permits DownloadResult, UploadResult {

    /** The file's name on the server. */
    String name();

    /** Its size in bytes. */
    long size();

    /** Bytes the receiving side held already, not moved again. */
    long resumedFrom();

    /** Its digest, 64 hex digits, as both sides computed it. */
    String sha256();

    /** From request to verified file. */
    Duration elapsed();

    /** Bytes that crossed the network this time. */
    default long transferred() {
        return size() - resumedFrom();
    }
}
