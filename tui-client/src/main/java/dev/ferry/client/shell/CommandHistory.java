package dev.ferry.client.shell;

import dev.ferry.client.config.XdgPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines typed in the shell and on the TUI's command line, kept across runs in
 * {@code $XDG_STATE_HOME/ferry/history} (folder 0700, file 0600: private messages are typed there).
 * Both keep it with JLine's history, one line an entry, each line appended as it is run, so the
 * shell and the TUI share it, even while both run.
 */
public final class CommandHistory {
    private static final Logger log = LoggerFactory.getLogger(CommandHistory.class);

    /** Entries kept, in memory and in the file. */
    static final int SIZE = 1000;

    private CommandHistory() {}

    /** Where the history is kept. */
    public static Path file() {
        return XdgPaths.stateHome().resolve("history");
    }

    /** Sets {@code reader} to keep its history in {@link #file}; without a file, history lasts the run. */
    static void keepIn(LineReader reader) {
        keepIn(reader, prepared(file()));
    }

    static void keepIn(LineReader reader, Path file) {
        reader.variable(LineReader.HISTORY_SIZE, SIZE);
        reader.variable(LineReader.HISTORY_FILE_SIZE, SIZE);
        reader.option(LineReader.Option.HISTORY_TIMESTAMPED, false);
        reader.option(LineReader.Option.HISTORY_IGNORE_DUPS, true);
        if (file != null) {
            reader.variable(LineReader.HISTORY_FILE, file);
        }
    }

    /**
     * The shared history for a front end that edits lines itself (the TUI): JLine's history on a
     * reader that never reads, loaded from {@link #file} now and appended to with each {@code add}.
     */
    public static History open() {
        return open(prepared(file()));
    }

    /** The same, kept in {@code file}, or for this run only if {@code file} is null. */
    public static History open(Path file) {
        DefaultHistory history = new DefaultHistory();
        try {
            Terminal none = TerminalBuilder.builder().system(false).dumb(true)
                    .streams(InputStream.nullInputStream(), OutputStream.nullOutputStream()).build();
            LineReader reader = LineReaderBuilder.builder().terminal(none).build();
            keepIn(reader, file);
            history.attach(reader);
        } catch (IOException | RuntimeException e) {
            log.warn("history not loaded: {}", e.toString());
        }
        return history;
    }

    /** {@code file}, with its folder made private; null (history for this run only) if it cannot be. */
    private static Path prepared(Path file) {
        try {
            Path folder = file.getParent();
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return file;
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("history kept for this run only: {} cannot be written ({})", file, e.toString());
            return null;
        }
    }
}
