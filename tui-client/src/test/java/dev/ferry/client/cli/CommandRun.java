package dev.ferry.client.cli;

import dev.ferry.client.term.Dimensions;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** One run of the ferry command line in this JVM, with its output captured. */
public record CommandRun(int status, String out, String err) {

    public static CommandRun of(String... args) {
        return withInput("", args);
    }

    public static CommandRun withInput(String stdin, String... args) {
        return withInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    public static CommandRun withInput(InputStream stdin, String... args) {
        return run(new Streams(stdin, false, false, false), args);
    }

    /**
     * A run whose stdin and stdout claim to be a terminal, as when a person starts ferry. Only for
     * runs that end before the UI opens (server full, no server): the UI would take over the real
     * terminal.
     */
    public static CommandRun onTerminal(String... args) {
        return run(new Streams(new ByteArrayInputStream(new byte[0]), true, true, true), args);
    }

    /** Like {@link #onTerminal(String...)}, on a terminal of the given size. */
    public static CommandRun onTerminal(Dimensions size, String... args) {
        return run(new Streams(new ByteArrayInputStream(new byte[0]), true, true, true, () -> size), args);
    }

    /** Runs with the given streams, writing where the test says; returns the exit status. */
    public static int run(Streams streams, PrintWriter out, PrintWriter err, String... args) {
        return FerryCommand.commandLine(streams, out, err, args).execute(args);
    }

    /** A run without a terminal, reading {@code env} as its environment instead of the process's. */
    public static CommandRun withEnv(java.util.Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Streams streams = new Streams(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false, false, false);
        int status = FerryCommand.execute(streams, new PrintWriter(out, true), new PrintWriter(err, true), env, args);
        return new CommandRun(status, out.toString(), err.toString());
    }

    private static CommandRun run(Streams streams, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = FerryCommand.commandLine(streams, new PrintWriter(out, true), new PrintWriter(err, true), args).execute(args);
        return new CommandRun(status, out.toString(), err.toString());
    }
}
