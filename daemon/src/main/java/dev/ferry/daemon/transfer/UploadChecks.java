package dev.ferry.daemon.transfer;

import dev.ferry.daemon.repository.UploadFolder;
import dev.ferry.daemon.shared.RequestFailure;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message.Put;
import java.io.IOException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** What a PUT is checked against in its folder before a byte moves: what stands at its name, and the free space. */
final class UploadChecks {
    private UploadChecks() {}

    /** A file of the name may stand in the way: only a regular file, and only if the client asked to replace it. */
    static void target(UploadFolder folder, Put put) throws IOException, RequestFailure {
        Optional<BasicFileAttributes> existing = folder.attributes(folder.target());
        if (existing.isEmpty()) {
            Optional<String> lookAlike = folder.lookAlike();
            if (lookAlike.isPresent()) {
                throw new RequestFailure(ErrorCode.EXISTS, "refused " + put.name() + ": " + lookAlike.get() + " is there,"
                        + " whose name looks the same (the same letters in another Unicode form)");
            }
            return;
        }
        BasicFileAttributes there = existing.get();
        if (!there.isRegularFile()) {
            String what = there.isDirectory() ? "a folder" : there.isSymbolicLink() ? "a link" : "not a regular file";
            throw new RequestFailure(ErrorCode.NOT_A_FILE, "refused " + put.name() + ": it is " + what + " on the server");
        }
        if (!put.overwrite()) {
            throw new RequestFailure(ErrorCode.EXISTS, put.name() + " exists on the server; ask to overwrite it to replace it");
        }
    }

    /** The disk must keep {@code keep} bytes free once {@code coming} more are written. */
    static void space(UploadFolder folder, String name, long coming, long keep) throws IOException, RequestFailure {
        long usable = folder.store().getUsableSpace();
        if (usable - coming < keep) {
            throw new RequestFailure(ErrorCode.NO_SPACE, "refused " + name + ": the server has " + usable
                    + " bytes free and keeps " + keep + " free; " + coming + " more do not fit");
        }
    }
}
