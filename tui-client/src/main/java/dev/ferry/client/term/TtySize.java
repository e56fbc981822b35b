package dev.ferry.client.term;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The size of the terminal this process writes to: {@code COLUMNS} and {@code LINES} when they are
 * set, else what {@code stty size} says of {@code /dev/tty}, else 80x24. What stty said is asked
 * again at most once a second, so a resized terminal is noticed while a download runs without a
 * process per redraw.
 */
public final class TtySize implements Supplier<Dimensions> {
    private static final long ASK_AGAIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Integer envColumns;
    private final Integer envRows;
    private final Supplier<String> stty;
    private final LongSupplier clock;
    private Dimensions known;
    private long askedAt;

    TtySize(Map<String, String> env, Supplier<String> stty, LongSupplier clock) {
        this.envColumns = positive(env.get("COLUMNS"));
        this.envRows = positive(env.get("LINES"));
        this.stty = stty;
        this.clock = clock;
    }

    /** The size of the controlling terminal, for this process's environment. */
    public static TtySize of(Map<String, String> env) {
        return new TtySize(env, TtySize::askStty, System::nanoTime);
    }

    @Override
    public synchronized Dimensions get() {
        if (envColumns != null && envRows != null) {
            return new Dimensions(envColumns, envRows);
        }
        long now = clock.getAsLong();
        if (known == null || now - askedAt >= ASK_AGAIN_NANOS) {
            Dimensions tty = parseStty(stty.get());
            known = new Dimensions(envColumns != null ? envColumns : tty != null ? tty.columns() : Dimensions.DEFAULT.columns(),
                    envRows != null ? envRows : tty != null ? tty.rows() : Dimensions.DEFAULT.rows());
            askedAt = now;
        }
        return known;
    }

    /** {@code stty size}'s answer, "ROWS COLUMNS", or null if it is not one (0 0 is no terminal size either). */
    static Dimensions parseStty(String answer) {
        if (answer == null) {
            return null;
        }
        String[] fields = answer.strip().split("\\s+");
        if (fields.length != 2) {
            return null;
        }
        Integer rows = positive(fields[0]);
        Integer columns = positive(fields[1]);
        return rows == null || columns == null ? null : new Dimensions(columns, rows);
    }

    private static Integer positive(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.strip());
            return n > 0 && n < 10_000 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Runs {@code stty size </dev/tty}; null when there is no terminal or no stty. */
    private static String askStty() {
        File tty = new File("/dev/tty");
        if (!tty.exists()) {
            return null;
        }
        try {
            Process process = new ProcessBuilder("stty", "size").redirectInput(tty)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (InputStream out = process.getInputStream()) {
                // the answer is a few bytes, well within a pipe's buffer: stty never waits for it to be read
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    process.destroy();
                    return null;
                }
                return process.exitValue() == 0 ? new String(out.readNBytes(64), StandardCharsets.US_ASCII) : null;
            }
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
