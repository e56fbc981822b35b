package dev.ferry.daemon.repository;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What identifies one version of a file: its size, modification time, change time and file key
 * (device and inode). Two stamps are equal only if they describe the same version of the same file;
 * if any part moves, the content may have changed: cached digests are dropped and a transfer in
 * progress is reported as changed.
 */
public record FileStamp(long size, FileTime modified, Object changed, Object fileKey, boolean regular) {

    /** The file key is the basic view's (device and inode), so stamps compare with what a folder handle reports. */
    private static final String UNIX_ATTRIBUTES = "unix:size,lastModifiedTime,ctime,isRegularFile,fileKey";
    private static volatile boolean unixView = true;

    /** Reads the stamp of a path without following a final link. */
    public static FileStamp of(Path path) throws IOException {
        if (unixView) {
            try {
                Map<String, Object> a = Files.readAttributes(path, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return new FileStamp((Long) a.get("size"), (FileTime) a.get("lastModifiedTime"), a.get("ctime"),
                        a.get("fileKey"), (Boolean) a.get("isRegularFile"));
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                unixView = false;
            }
        }
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return new FileStamp(a.size(), a.lastModifiedTime(), null, a.fileKey(), a.isRegularFile());
    }
}
