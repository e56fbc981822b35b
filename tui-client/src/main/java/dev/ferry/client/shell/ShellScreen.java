package dev.ferry.client.shell;

import dev.ferry.client.term.Columns;
import dev.ferry.client.term.Dimensions;
import dev.ferry.protocol.Text;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * The shell's output. Piped, it is a line a reply, flushed at once, nothing else. On a terminal,
 * below the lines printed there is a live part: the prompt, and above it a download meter while
 * downloads run. A line printed clears the live part first, so a reply or an event never lands on
 * the prompt's line; {@link #settle} draws the live part again, once, when nothing more is waiting
 * to be printed. The meter is redrawn in place without moving the cursor off what is being typed.
 * Used by the shell's thread only.
 */
final class ShellScreen {
    private static final String SAVE_CURSOR = "\0337";
    private static final String RESTORE_CURSOR = "\0338";
    private static final String UP = "\033[A";
    private static final String CLEAR_LINE = "\033[K";
    private static final String CLEAR_BELOW = "\033[J";
    private static final String DELETE_LINE = "\033[M";

    private final PrintWriter out;
    private final boolean interactive;
    private final Supplier<Dimensions> size;
    private String prompt;
    private String meter;
    private boolean promptShown;
    private boolean meterShown;

    ShellScreen(PrintWriter out, boolean interactive, Supplier<Dimensions> size) {
        this.out = out;
        this.interactive = interactive;
        this.size = size;
    }

    /** Whether there is a terminal to draw a prompt and a meter on. */
    boolean interactive() {
        return interactive;
    }

    /** Prints lines (text from the server is made printable), above the live part. */
    void print(String lines) {
        clearLive();
        out.println(Text.printableLines(lines));
        out.flush();
    }

    /** The prompt to show from the next {@link #settle}, or null for none. */
    void prompt(String text) {
        prompt = interactive ? text : null;
        if (prompt == null && promptShown) {
            clearLive();
            out.flush();
        }
    }

    /** Shows the download meter, redrawn in place, or takes it away ({@code null}). */
    void meter(String text) {
        if (!interactive) {
            return;
        }
        String fitted = text == null ? null : Columns.fit(Text.printable(text), Math.max(1, size.get().columns() - 1));
        meter = fitted;
        if (fitted == null) {
            if (meterShown && promptShown) {
                // take the meter's line out from above the prompt, leaving what is typed where it is
                out.print(SAVE_CURSOR + UP + DELETE_LINE + RESTORE_CURSOR + UP);
                meterShown = false;
                out.flush();
            } else if (meterShown) {
                clearLive();
            }
            return;
        }
        if (!meterShown) {
            return; // drawn by the next settle, above the prompt
        }
        if (promptShown) {
            out.print(SAVE_CURSOR + UP + "\r" + fitted + CLEAR_LINE + RESTORE_CURSOR);
        } else {
            out.print("\r" + fitted + CLEAR_LINE);
        }
        out.flush();
    }

    /**
     * Draws the live part if the screen does not show it as it should be; call when nothing more
     * is waiting to be printed.
     */
    void settle() {
        if (!interactive || (meterShown == (meter != null) && promptShown == (prompt != null))) {
            return;
        }
        clearLive();
        StringBuilder live = new StringBuilder();
        if (meter != null) {
            live.append(meter);
            meterShown = true;
            if (prompt != null) {
                live.append('\n');
            }
        }
        if (prompt != null) {
            live.append(prompt);
            promptShown = true;
        }
        if (!live.isEmpty()) {
            out.print(live);
            out.flush();
        }
    }

    /**
     * The user pressed Enter after typing {@code line}: the terminal has echoed it and moved to
     * the next line, so the prompt's line is now part of what was printed. It is written again,
     * whole: what was typed before a reply cleared the line shows again, and a meter above it is
     * taken out rather than left behind in the middle.
     */
    void entered(String line) {
        if (!interactive) {
            return;
        }
        if (promptShown) {
            String typed = prompt + Text.printable(line);
            int columns = size.get().columns();
            int rows = Math.max(1, (Columns.width(typed) + columns - 1) / columns) + (meterShown ? 1 : 0);
            out.print("\033[" + rows + "A\r" + CLEAR_BELOW);
            out.println(typed);
            out.flush();
        }
        promptShown = false;
        meterShown = false;
    }

    /** Leaves the terminal with the cursor at the start of an empty line. */
    void close() {
        clearLive();
        meter = null;
        prompt = null;
        out.flush();
    }

    private void clearLive() {
        if (meterShown && promptShown) {
            out.print("\r" + UP + CLEAR_BELOW);
        } else if (meterShown || promptShown) {
            out.print("\r" + CLEAR_LINE);
        }
        meterShown = false;
        promptShown = false;
    }
}
