package dev.ferry.client.transfer;

import dev.ferry.client.failure.FerryException.Kind;
import dev.ferry.client.failure.FerryException;
import dev.ferry.client.failure.FileErrors;
import dev.ferry.client.wording.Formats;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Where one download lands: the final name, and {@code NAME.part} beside it, which holds the data
 * until its SHA-256 matches the server's. A .part that an earlier attempt left (Ferry marks the
 * ones it writes, see {@link PartFile}) is resumed from its end, rounded down to a whole disk
 * block; one that is not Ferry's is never touched without overwrite
 * ({@link FerryException.Kind#EXISTS}, as for a file already under the final name). The verified
 * .part is moved into place without ever replacing a file that appeared meanwhile, and a download
 * that stops part-way says what its .part kept.
 */
final class Destination {
    private final String name;
    private final Path target;
    private final Path part;
    /** The download folder the target lies under. */
    private final Path folder;
    private final boolean overwrite;
    /** How .part files are marked: the client's, read at each use. */
    private final Supplier<PartFile> parts;

    Destination(String name, Path folder, Path target, boolean overwrite, Supplier<PartFile> parts) {
        this.name = name;
        this.folder = folder;
        this.target = target;
        this.part = target.resolveSibling(target.getFileName() + ".part");
        this.overwrite = overwrite;
        this.parts = parts;
    }

    Path part() {
        return part;
    }

    /**
     * Fails with {@link Kind#EXISTS} if a file is under the final name already and may not be
     * replaced, and with {@link Kind#LOCAL} if the way down to it passes a link.
     */
    void checkTargetFree() throws FerryException {
        LocalNames.checkNoLinks(folder, target, name);
        if (!overwrite && Files.exists(target)) {
            throw new FerryException(Kind.EXISTS, target + " already exists");
        }
    }

    /**
     * Bytes of an earlier attempt to resume from: the .part's size, rounded down to a whole disk
     * block (the part is cut there), if it is Ferry's; else 0.
     */
    long resumableBytes() throws IOException {
        if (!Files.exists(part, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        PartFile.Ownership owner = parts.get().ownership(part, name);
        if (owner instanceof PartFile.Foreign) {
            if (!overwrite) {
                throw new FerryException(Kind.EXISTS, part + " exists and is not a partial download of " + name);
            }
            Files.delete(part);
            return 0;
        }
        long bytes = Files.size(part);
        long whole = bytes - bytes % BufferPool.ALIGNMENT;
        if (whole != bytes) {
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.truncate(whole);
            }
        }
        return whole;
    }

    /** True if the .part was started from another version of the file than the server's, which has this size and time. */
    boolean isStale(long size, Instant modified) {
        return parts.get().ownership(part, name) instanceof PartFile.Ours ours && !ours.matches(size, modified);
    }

    /** Creates the folder the .part goes in, and those above it, where missing. */
    void createFolder() throws IOException {
        if (!Files.isDirectory(part.getParent())) {
            FileErrors.createFolders(part.getParent());
        }
        LocalNames.checkNoLinks(folder, target, name); // again, now that every folder is there
    }

    /** Marks the .part as Ferry's download of the server's file of this size and time. */
    void mark(long size, Instant modified) {
        parts.get().put(part, name, size, modified);
    }

    /**
     * Gives the verified .part the final name, without its mark if it may carry one; never
     * replaces a file that appeared under that name meanwhile, unless overwriting.
     */
    void moveIntoPlace(boolean marked) throws IOException {
        if (marked) {
            parts.get().remove(part);
        }
        if (overwrite) {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return;
        }
        boolean linked;
        try {
            // a hard link never replaces an existing file, so this cannot clobber one that appeared meanwhile
            Files.createLink(target, part);
            linked = true;
        } catch (FileAlreadyExistsException e) {
            throw new FerryException(Kind.LOCAL, target + " appeared while downloading; the verified data is in " + part);
        } catch (UnsupportedOperationException | IOException e) {
            linked = false;
        }
        if (linked) {
            deletePart();
            return;
        }
        if (Files.exists(target)) {
            throw new FerryException(Kind.LOCAL, target + " appeared while downloading; the verified data is in " + part);
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Where the bytes received so far are, if anywhere, and how to go on from them. The count is
     * what the .part holds, which is less than what arrived when a write failed (a full disk).
     */
    String keptNote(long kept, long size) {
        if (kept <= 0) {
            return "";
        }
        return "; " + part + " kept (" + Formats.size(kept) + " of " + Formats.size(size) + "), get it again to resume";
    }

    /** Bytes of those received that the .part holds: 0 if there is none. */
    long kept(long received) {
        try {
            return Math.max(0, Math.min(received, Files.size(part)));
        } catch (IOException e) {
            return 0;
        }
    }

    boolean partExists() {
        return Files.exists(part);
    }

    void deletePart() {
        try {
            Files.deleteIfExists(part);
        } catch (IOException ignored) {
            // it will be overwritten or resumed and re-verified next time
        }
    }
}
