package dev.ferry.client.cli;

import java.io.InputStream;

/**
 * The process's standard streams as the commands see them: where input comes from and which
 * streams are terminals. Tests pass their own.
 */
public record Streams(InputStream in, boolean stdinIsTerminal, boolean stdoutIsTerminal, boolean stderrIsTerminal) {

    /** The real standard streams; {@code System.console()} tells whether stdin and stdout are a terminal. */
    public static Streams system() {
        boolean terminal = System.console() != null;
        boolean stderrTerminal = terminal && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
        return new Streams(System.in, terminal, terminal, stderrTerminal);
    }
}
