package dev.ferry.client.shell;

import dev.ferry.client.term.Dimensions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Supplier;

/** Lines read as they come, output through a {@link ShellScreen}: for pipes and scripts. */
final class PlainConsole implements Console {
    private final BufferedReader in;
    private final ShellScreen screen;

    PlainConsole(BufferedReader in, PrintWriter out, boolean interactive, Supplier<Dimensions> size) {
        this.in = in;
        this.screen = new ShellScreen(out, interactive, size);
    }

    @Override
    public String readLine() throws IOException {
        return in.readLine();
    }

    @Override
    public boolean interactive() {
        return screen.interactive();
    }

    @Override
    public void print(String lines) {
        screen.print(lines);
    }

    @Override
    public void prompt(String text) {
        screen.prompt(text);
    }

    @Override
    public void meter(String text) {
        screen.meter(text);
    }

    @Override
    public void settle() {
        screen.settle();
    }

    @Override
    public void entered(String line) {
        screen.entered(line);
    }

    @Override
    public void close() {
        screen.close();
    }
}
