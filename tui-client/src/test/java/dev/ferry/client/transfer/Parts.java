package dev.ferry.client.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** For tests outside this package: a .part as an interrupted Ferry download leaves it. */
public final class Parts {
    private Parts() {}

    /** Writes the first {@code kept} bytes of {@code source} to {@code part}, marked as Ferry's download of {@code name}. */
    public static void interrupted(Path source, String name, Path part, int kept) throws IOException {
        byte[] all = Files.readAllBytes(source);
        Files.createDirectories(part.getParent());
        Files.write(part, Arrays.copyOf(all, kept));
        PartFile.mark(part, name, all.length, Files.getLastModifiedTime(source).toInstant());
    }

    /** Marks {@code part} as Ferry's download of {@code name}, started from a server file of this size and time. */
    public static void mark(Path part, String name, long size, java.time.Instant modified) {
        PartFile.mark(part, name, size, modified);
    }

    /** True if {@code file} carries no mark of a download of {@code name}, where marks are kept. */
    public static boolean unmarked(Path file, String name) {
        return PartFile.inspect(file, name) instanceof PartFile.Foreign;
    }
}
