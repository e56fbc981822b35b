package dev.ferry.client.cli;

import dev.ferry.client.term.Dimensions;
import dev.ferry.client.term.TtySize;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * The process's standard streams as the commands see them: where input comes from, which streams
 * are terminals, and how big the terminal is. Tests pass their own.
 */
public record Streams(InputStream in, boolean stdinIsTerminal, boolean stdoutIsTerminal, boolean stderrIsTerminal,
        Supplier<Dimensions> terminalSize) {

    /** Streams with no terminal at all. */
    public Streams(InputStream in, boolean stdinIsTerminal, boolean stdoutIsTerminal, boolean stderrIsTerminal) {
        this(in, stdinIsTerminal, stdoutIsTerminal, stderrIsTerminal, () -> Dimensions.DEFAULT);
    }

    /**
     * The real standard streams; {@code System.console()} tells whether stdin and stdout are a
     * terminal, and {@link TtySize} how big it is.
     */
    public static Streams system() {
        boolean terminal = System.console() != null;
        boolean stderrTerminal = terminal && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
        return new Streams(System.in, terminal, terminal, stderrTerminal, TtySize.of(System.getenv()));
    }

    /** Whether these are the process's own streams, on which a terminal library may take the terminal. */
    public boolean isSystem() {
        return in == System.in;
    }
}
