package dev.ferry.client.shell;

import dev.ferry.protocol.Text;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Status;

/**
 * The shell at a terminal, on JLine: readline's editing keys, history kept across runs and shared
 * with the TUI ({@link CommandHistory}), Tab completion of commands, file names and client names,
 * and whatever arrives printed above the line being typed, which stays as it was. The download
 * meter is a status line at the bottom of the terminal, drawn under the line reader's lock.
 * Ctrl-C clears a half-typed line; on an empty line it ends ferry (status 130), as it always has;
 * Ctrl-D on an empty line ends input, like {@code exit}.
 */
final class LineEditorConsole implements Console {
    private static final String METER_WIDGET = "ferry-meter";

    private final Terminal terminal;
    private final LineReader reader;
    private final Status status;
    private volatile String prompt = "> ";
    private volatile String meter;
    private volatile Supplier<Collection<String>> files = List::of;
    private volatile Supplier<Collection<String>> clients = List::of;

    private LineEditorConsole(Terminal terminal) {
        this.terminal = terminal;
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(null); // a backslash is part of a name, as Typed reads it
        this.reader = LineReaderBuilder.builder().terminal(terminal).appName("ferry").parser(parser)
                .completer((lineReader, line, candidates) -> {
                    Completion completion = Completion.at(line.line(), line.cursor(), files.get(), clients.get());
                    completion.candidates().forEach(c -> candidates.add(new Candidate(c, c, null, null, null, null, true)));
                })
                .build();
        reader.option(LineReader.Option.DISABLE_EVENT_EXPANSION, true); // "!" is a character in a message
        reader.option(LineReader.Option.AUTO_FRESH_LINE, true);
        CommandHistory.keepIn(reader);
        this.status = Status.getStatus(terminal);
        reader.getWidgets().put(METER_WIDGET, () -> {
            String text = meter;
            status.update(text == null ? List.of() : List.of(new AttributedString(text)));
            return true;
        });
    }

    /** A console on the process's terminal. */
    static LineEditorConsole onSystemTerminal() throws IOException {
        return new LineEditorConsole(TerminalBuilder.builder().system(true).name("ferry").build());
    }

    @Override
    public String readLine() {
        for (;;) {
            String shown = prompt;
            if (shown == null) {
                return null;
            }
            try {
                return reader.readLine(shown);
            } catch (UserInterruptException e) {
                if (e.getPartialLine().isEmpty()) {
                    close();
                    Runtime.getRuntime().exit(130);
                }
                // a half-typed line is cleared, and the prompt comes again
            } catch (EndOfFileException | java.io.IOError e) {
                return null;
            }
        }
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void print(String lines) {
        reader.printAbove(Text.printableLines(lines));
    }

    @Override
    public void prompt(String text) {
        prompt = text;
    }

    @Override
    public void meter(String text) {
        String fitted = text == null ? null : Text.printable(text);
        if (status == null || java.util.Objects.equals(fitted, meter)) {
            return;
        }
        meter = fitted;
        if (reader.isReading()) {
            try {
                reader.callWidget(METER_WIDGET);
                return;
            } catch (IllegalStateException e) {
                // reading ended meanwhile: drawn directly below
            }
        }
        synchronized (this) {
            status.update(fitted == null ? List.of() : List.of(new AttributedString(fitted)));
        }
    }

    @Override
    public void settle() {
        terminal.flush();
    }

    @Override
    public void entered(String line) {
        // JLine leaves the line as typed, and moves to the next
    }

    @Override
    public synchronized void close() {
        try {
            if (status != null) {
                status.update(List.of());
            }
            terminal.writer().flush();
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // the terminal is going away with the process
        }
    }

    @Override
    public void complete(Supplier<Collection<String>> files, Supplier<Collection<String>> clients) {
        this.files = files;
        this.clients = clients;
    }
}
