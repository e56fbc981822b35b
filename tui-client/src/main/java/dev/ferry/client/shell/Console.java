package dev.ferry.client.shell;

import java.io.IOException;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * Where the shell reads lines and shows what happens: plain lines when piped ({@link PlainConsole}),
 * a line editor with history and completion at a terminal ({@link LineEditorConsole}). Lines are
 * read on the shell's input thread; everything else is called on the shell's own thread.
 */
interface Console {
    /** The next line, or null once input has ended. Input thread only. */
    String readLine() throws IOException;

    /** Whether a person types at a terminal: a prompt and a meter are drawn. */
    boolean interactive();

    /** Prints lines (made printable first) above the line being typed, which stays as it is. */
    void print(String lines);

    /** The prompt for the lines still to be typed, or null once no more are read. */
    void prompt(String text);

    /** Shows the download meter, or takes it away ({@code null}). */
    void meter(String text);

    /** Nothing more is waiting to be printed: draw what is left to draw. */
    void settle();

    /** A line was read and is about to run. */
    void entered(String line);

    /** Leaves the terminal with the cursor at the start of an empty line. */
    void close();

    /** Names for completion: the server's files and the clients connected now, read when Tab is pressed. */
    default void complete(Supplier<Collection<String>> files, Supplier<Collection<String>> clients) {}
}
