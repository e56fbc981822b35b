package dev.ferry.client.cli;

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
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = FerryCommand.commandLine(new Streams(stdin, false, false, false),
                new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new CommandRun(status, out.toString(), err.toString());
    }
}
