package dev.ferry.daemon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What the reliability tests measured, one line per figure, appended to
 * {@code target/reliability/figures.txt}; RELIABILITY.md reports the latest run's lines.
 */
public final class Figures {
    private static final Path FILE = Path.of("target", "reliability", "figures.txt");

    private Figures() {}

    public static synchronized void record(String test, String figure) {
        try {
            Files.createDirectories(FILE.getParent());
            String line = LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "  " + test + ": " + figure + "\n";
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
