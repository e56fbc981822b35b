package dev.ferry.protocol.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the reliability tests' figures go. Each test run of a module (one test JVM) writes its own
 * file, {@code <source>.txt}, started afresh by the run's first figure; after every figure,
 * {@code figures.txt} beside it is rewritten as all those files together, in the order their runs
 * began. The build points every module at the same folder, the root's {@code target/reliability}
 * (cleaned at the start of a build of the whole project), so that one file holds the latest
 * run's figures from every module.
 *
 * <p>The folder and the source's name come from the system properties {@code ferry.figures.dir}
 * and {@code ferry.figures.source}; a test run outside Maven uses {@code target/reliability} and
 * {@code tests}.
 */
public final class FigureFile {
    /** The file holding every module's figures. */
    public static final String GATHERED = "figures.txt";
    private static final String HEADER = "## ";
    private static final Path DIR = Path.of(System.getProperty("ferry.figures.dir", "target/reliability"));
    private static final String SOURCE = System.getProperty("ferry.figures.source", "tests");
    private static boolean started;

    private FigureFile() {}

    /** Appends one figure, {@code test: figure}, to this run's file and refreshes the gathered file. */
    public static synchronized void record(String test, String figure) {
        try {
            Files.createDirectories(DIR);
            Path own = DIR.resolve(SOURCE + ".txt");
            if (!started) {
                String header = HEADER + SOURCE + ", run started "
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")) + "\n";
                Files.writeString(own, header, StandardCharsets.UTF_8);
                started = true;
            }
            String line = LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS"))
                    + "  " + test + ": " + figure + "\n";
            Files.writeString(own, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            gather();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites the gathered file from every run's file, earliest run first. */
    private static void gather() throws IOException {
        List<String> sections = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".txt")
                    && !f.getFileName().toString().equals(GATHERED)).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (text.startsWith(HEADER)) {
                    sections.add(text);
                }
            }
        }
        sections.sort((a, b) -> startedAt(a).compareTo(startedAt(b)));
        Path temporary = DIR.resolve(GATHERED + ".tmp");
        Files.writeString(temporary, String.join("\n", sections), StandardCharsets.UTF_8);
        Files.move(temporary, DIR.resolve(GATHERED), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String startedAt(String section) {
        String header = section.lines().findFirst().orElse("");
        int at = header.lastIndexOf(' ');
        return header.substring(at + 1);
    }
}
