package dev.ferry.client.transfer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A verified download.
 *
 * @param name        the name asked for
 * @param file        where it now is
 * @param size        its size in bytes
 * @param resumedFrom bytes that were already in the .part file and not transferred again
 * @param sha256      its digest, 64 hex digits, as the server computed it and the client confirmed
 * @param elapsed     from request to verified file
 */
public record DownloadResult(String name, Path file, long size, long resumedFrom, String sha256, Duration elapsed)
        implements TransferResult {}
