package dev.ferry.client.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files an upload sends for one local path: the file itself, or every regular file
 * under a folder, each with its name on the server (the folder's own name, then the path below it,
 * with {@code /} between parts). Hidden files and folders (a name starting with {@code .}, which
 * the server never takes) and anything that is not a regular file (links, sockets, devices) are
 * left out and counted; links are never followed, so a tree never reaches outside itself.
 */
public final class LocalTree {

    /** One file to send: where it is here, its name on the server, and its size when the tree was walked. */
    public record Entry(Path source, String name, long size) {}

    /** What a path stands for: its name on the server, its files, and how many were left out. */
    public record Found(String name, List<Entry> entries, boolean folder, int hidden, int notRegular) {
        /** Says what was left out, as a clause ending a summary, or nothing. */
        public String note() {
            List<String> parts = new ArrayList<>();
            if (hidden > 0) {
                parts.add(hidden + " hidden left out");
            }
            if (notRegular > 0) {
                parts.add(notRegular + " links or special files left out");
            }
            return parts.isEmpty() ? "" : "  (" + String.join(", ", parts) + ")";
        }
    }

    private LocalTree() {}

    /**
     * The files for {@code path}, named on the server as {@code prefix} + (the {@code as} name, else
     * the path's own name) + the path below it.
     *
     * @throws IOException if the path is not there or a folder cannot be read
     */
    public static Found of(Path path, String prefix, String as) throws IOException {
        String top = prefix + (as != null ? as : path.toAbsolutePath().normalize().getFileName().toString());
        if (Files.isRegularFile(path)) {
            return new Found(top, List.of(new Entry(path, top, Files.size(path))), false, 0, 0);
        }
        if (!Files.isDirectory(path)) {
            throw new NoSuchFileException(path.toString(), null,
                    Files.exists(path, LinkOption.NOFOLLOW_LINKS) ? "not a file or folder" : "no such file or folder");
        }
        List<Entry> entries = new ArrayList<>();
        int[] left = {0, 0};
        walk(path, top, entries, left);
        return new Found(top, entries, true, left[0], left[1]);
    }

    private static void walk(Path folder, String name, List<Entry> entries, int[] left) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(folder)) {
            children = list.sorted().toList();
        }
        for (Path child : children) {
            String childName = child.getFileName().toString();
            if (childName.startsWith(".")) {
                left[0]++;
                continue;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException gone) {
                continue; // removed while the tree was walked
            }
            if (attributes.isDirectory()) {
                walk(child, name + "/" + childName, entries, left);
            } else if (attributes.isRegularFile()) {
                entries.add(new Entry(child, name + "/" + childName, attributes.size()));
            } else {
                left[1]++;
            }
        }
    }
}
