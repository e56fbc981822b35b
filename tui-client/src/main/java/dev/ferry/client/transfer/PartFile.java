package dev.ferry.client.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;

/**
 * The mark Ferry leaves on a {@code .part} file it writes: a user extended attribute naming the
 * server file and the size and modification time it had. A {@code .part} without the mark is not
 * Ferry's (a file the server itself serves under that name, say) and is never resumed, truncated
 * or deleted; one whose mark no longer matches the server's file is stale and is started afresh.
 *
 * <p>Where marks cannot be kept, nothing can be told apart, and every {@code .part} is taken as
 * Ferry's; the SHA-256 check still keeps a wrong one from ever getting the final name. That is so
 * on a file system without extended attributes, and also on one that has them but refuses
 * {@code user.*} ones: there a mark fails to be written, so an unmarked part is only called
 * foreign once a mark has been seen to stick in its folder.
 */
final class PartFile {
    static final String ATTRIBUTE = "ferry.partial";

    /** Where marks are kept. */
    interface Marks {
        /**
         * The mark on {@code file}, or null if it has none.
         *
         * @throws UnsupportedOperationException if marks are not kept on this file system
         */
        byte[] read(Path file) throws IOException;

        /** @throws UnsupportedOperationException if marks are not kept on this file system */
        void write(Path file, byte[] mark) throws IOException;

        /** @throws UnsupportedOperationException if marks are not kept on this file system */
        void delete(Path file) throws IOException;
    }

    /** What a .part file is, as far as its mark can tell. */
    sealed interface Ownership {}

    /** Marked by Ferry, for this server file as it was then. */
    record Ours(String name, long size, Instant modified) implements Ownership {
        /** True if the server's file still has the size and time it had when this part was started. */
        boolean matches(long serverSize, Instant serverModified) {
            return size == serverSize && modified.toEpochMilli() == serverModified.toEpochMilli();
        }
    }

    /** Not marked, or marked for another name, where marks are kept. */
    record Foreign() implements Ownership {}

    /** Marks are not kept here: nothing can be told. */
    record Unknown() implements Ownership {}

    /** Marks in user extended attributes. */
    static final PartFile ATTRIBUTES = new PartFile(new ExtendedAttributes());

    private final Marks marks;

    PartFile(Marks marks) {
        this.marks = marks;
    }

    /** Reads the mark of an existing .part for the download of {@code name}. */
    static Ownership inspect(Path part, String name) {
        return ATTRIBUTES.ownership(part, name);
    }

    /** Marks a .part as Ferry's download of {@code name}; false (and nothing else) where marks are not kept. */
    static boolean mark(Path part, String name, long size, Instant modified) {
        return ATTRIBUTES.put(part, name, size, modified);
    }

    /** Removes the mark, so the finished file carries nothing of the download. */
    static void unmark(Path file) {
        ATTRIBUTES.remove(file);
    }

    Ownership ownership(Path part, String name) {
        byte[] value;
        try {
            value = marks.read(part);
        } catch (UnsupportedOperationException | FileSystemException e) {
            return new Unknown();
        } catch (IOException | RuntimeException e) {
            return new Foreign();
        }
        if (value == null) {
            return marksStickIn(part.toAbsolutePath().getParent()) ? new Foreign() : new Unknown();
        }
        String[] fields = new String(value, StandardCharsets.UTF_8).split("\n", -1);
        if (fields.length != 4 || !fields[0].equals("1") || !fields[3].equals(name)) {
            return new Foreign();
        }
        try {
            return new Ours(name, Long.parseLong(fields[1]), Instant.ofEpochMilli(Long.parseLong(fields[2])));
        } catch (NumberFormatException e) {
            return new Foreign();
        }
    }

    boolean put(Path part, String name, long size, Instant modified) {
        String value = "1\n" + size + "\n" + modified.toEpochMilli() + "\n" + name;
        try {
            marks.write(part, value.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // no marks here: the part is taken as ours next time, see marksStickIn
        }
    }

    void remove(Path file) {
        try {
            marks.delete(file);
        } catch (IOException | UnsupportedOperationException e) {
            // never marked, or marks not kept
        }
    }

    /**
     * Whether a mark written in {@code folder} is kept: tried on a new empty file of its own,
     * never on the part, which may not be Ferry's. If the folder does not let even that be
     * written, nothing can be told either.
     */
    private boolean marksStickIn(Path folder) {
        Path probe = null;
        try {
            probe = Files.createTempFile(folder, ".ferry-mark-", ".tmp");
            marks.write(probe, new byte[] {'1'});
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        } finally {
            if (probe != null) {
                try {
                    Files.deleteIfExists(probe);
                } catch (IOException ignored) {
                    // an empty hidden file left in the download folder is all it costs
                }
            }
        }
    }

    /** Marks as user extended attributes ({@code user.ferry.partial} on Linux). */
    private static final class ExtendedAttributes implements Marks {
        @Override
        public byte[] read(Path file) throws IOException {
            UserDefinedFileAttributeView view = view(file);
            if (!view.list().contains(ATTRIBUTE)) {
                return null;
            }
            ByteBuffer value = ByteBuffer.allocate(view.size(ATTRIBUTE));
            view.read(ATTRIBUTE, value);
            byte[] bytes = new byte[value.position()];
            value.flip().get(bytes);
            return bytes;
        }

        @Override
        public void write(Path file, byte[] mark) throws IOException {
            view(file).write(ATTRIBUTE, ByteBuffer.wrap(mark));
        }

        @Override
        public void delete(Path file) throws IOException {
            view(file).delete(ATTRIBUTE);
        }

        private static UserDefinedFileAttributeView view(Path file) {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
            if (view == null) {
                throw new UnsupportedOperationException("no user extended attributes on " + file.getFileSystem());
            }
            return view;
        }
    }
}
