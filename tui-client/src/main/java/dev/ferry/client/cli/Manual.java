package dev.ferry.client.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import picocli.CommandLine;

/** ferry's whole command model, every subcommand in it, for its manual page and completion. */
public final class Manual {
    private Manual() {}

    public static CommandLine commandLine() {
        PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream());
        return FerryCommand.commandLine(Streams.system(), discard, discard);
    }
}
