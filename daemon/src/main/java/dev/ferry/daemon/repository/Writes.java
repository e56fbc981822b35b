package dev.ferry.daemon.repository;

import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.protocol.ErrorCode;
import java.io.IOException;
import java.nio.file.FileSystemException;

/** Turns a failed write into the error a client is told, in Ferry's words. */
public final class Writes {
    private Writes() {}

    /** True for a disk (or quota) that is full: ENOSPC or EDQUOT, as the JDK reports them. */
    public static boolean noSpace(IOException e) {
        String text = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason() : e.getMessage();
        return text != null && (text.contains("No space left on device") || text.contains("Disk quota exceeded"));
    }

    /** NO_SPACE for a full disk, WRITE_FAILED with the reason in Ferry's words for anything else. */
    public static RequestFailure failure(IOException e, String what) {
        if (noSpace(e)) {
            return new RequestFailure(ErrorCode.NO_SPACE, what + ": the server's disk is full");
        }
        return new RequestFailure(ErrorCode.WRITE_FAILED, what + " (" + Repository.reasonOf(e) + ")");
    }
}
