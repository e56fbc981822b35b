package dev.ferry.client.transfer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A verified upload: the server checked the SHA-256 and renamed the file into place.
 *
 * @param name        the file's name on the server
 * @param source      the local file it came from
 * @param size        its size in bytes
 * @param resumedFrom bytes the server already held from an earlier upload, not sent again
 * @param sha256      its digest, 64 hex digits, as this side computed it and the server confirmed
 * @param replaced    true if it replaced a file of that name (asked for with overwrite)
 * @param elapsed     from request to verified file
 */
public record UploadResult(String name, Path source, long size, long resumedFrom, String sha256, boolean replaced,
        Duration elapsed) implements TransferResult {}
