package dev.ferry.client;

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
}
