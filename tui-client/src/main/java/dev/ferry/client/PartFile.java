package dev.ferry.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.Optional;

/**
 * The mark Ferry leaves on a {@code .part} file it writes: a user extended attribute naming the
 * server file and the size and modification time it had. A {@code .part} without the mark is not
 * Ferry's (a file the server itself serves under that name, say) and is never resumed, truncated
 * or deleted; one whose mark no longer matches the server's file is stale and is started afresh.
 * On a file system without extended attributes nothing can be told apart, and every {@code .part}
 * is taken as Ferry's; the SHA-256 check still keeps a wrong one from ever getting the final name.
 */
final class PartFile {
    static final String ATTRIBUTE = "ferry.partial";

    /** What a .part file is, as far as its mark can tell. */
    sealed interface Ownership {}

    /** Marked by Ferry, for this server file as it was then. */
    record Ours(String name, long size, Instant modified) implements Ownership {
        /** True if the server's file still has the size and time it had when this part was started. */
        boolean matches(long serverSize, Instant serverModified) {
            return size == serverSize && modified.toEpochMilli() == serverModified.toEpochMilli();
        }
    }

    /** Not marked, or marked for another name, on a file system that keeps marks. */
    record Foreign() implements Ownership {}

    /** The file system keeps no marks: nothing can be told. */
    record Unknown() implements Ownership {}

    private PartFile() {}

    /** Reads the mark of an existing .part for the download of {@code name}. */
    static Ownership inspect(Path part, String name) {
        UserDefinedFileAttributeView view = view(part);
        if (view == null) {
            return new Unknown();
        }
        try {
            if (!view.list().contains(ATTRIBUTE)) {
                return new Foreign();
            }
            ByteBuffer value = ByteBuffer.allocate(view.size(ATTRIBUTE));
            view.read(ATTRIBUTE, value);
            String[] fields = new String(value.array(), 0, value.position(), StandardCharsets.UTF_8).split("\n", -1);
            if (fields.length != 4 || !fields[0].equals("1") || !fields[3].equals(name)) {
                return new Foreign();
            }
            return new Ours(name, Long.parseLong(fields[1]), Instant.ofEpochMilli(Long.parseLong(fields[2])));
        } catch (UnsupportedOperationException | FileSystemException e) {
            return new Unknown();
        } catch (IOException | RuntimeException e) {
            return new Foreign();
        }
    }

    /** Marks a .part as Ferry's download of {@code name}; quietly does nothing where marks are not kept. */
    static void mark(Path part, String name, long size, Instant modified) {
        UserDefinedFileAttributeView view = view(part);
        if (view == null) {
            return;
        }
        String value = "1\n" + size + "\n" + modified.toEpochMilli() + "\n" + name;
        try {
            view.write(ATTRIBUTE, ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | UnsupportedOperationException e) {
            // no marks here: the part is simply taken as ours next time
        }
    }

    /** Removes the mark, so the finished file carries nothing of the download. */
    static void unmark(Path file) {
        UserDefinedFileAttributeView view = view(file);
        if (view == null) {
            return;
        }
        try {
            view.delete(ATTRIBUTE);
        } catch (IOException | UnsupportedOperationException e) {
            // never marked, or marks not kept
        }
    }

    private static UserDefinedFileAttributeView view(Path file) {
        try {
            return java.nio.file.Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }
}
