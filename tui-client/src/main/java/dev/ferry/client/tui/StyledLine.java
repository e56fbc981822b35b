package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import java.util.ArrayList;
import java.util.List;

/** One line of text in pieces, each with its {@link Tone}; immutable once built. */
final class StyledLine {
    /** A piece of a line. */
    record Span(String text, Tone tone) {}

    private final List<Span> spans = new ArrayList<>();

    static StyledLine of(String text) {
        return new StyledLine().add(text, Tone.NORMAL);
    }

    static StyledLine of(String text, Tone tone) {
        return new StyledLine().add(text, tone);
    }

    StyledLine add(String text) {
        return add(text, Tone.NORMAL);
    }

    StyledLine add(String text, Tone tone) {
        if (!text.isEmpty()) {
            spans.add(new Span(text, tone));
        }
        return this;
    }

    List<Span> spans() {
        return spans;
    }

    /** The plain text, as it reads without colours. */
    String text() {
        StringBuilder text = new StringBuilder();
        spans.forEach(span -> text.append(span.text()));
        return text.toString();
    }

    /** Columns the line takes on a terminal (wide characters count two). */
    int width() {
        return TerminalTextUtils.getColumnWidth(text());
    }

    @Override
    public String toString() {
        return text();
    }

    /** Cuts text to at most {@code columns} terminal columns, ending in "…" when something was cut. */
    static String fit(String text, int columns) {
        if (columns <= 0) {
            return "";
        }
        if (TerminalTextUtils.getColumnWidth(text) <= columns) {
            return text;
        }
        return TerminalTextUtils.fitString(text, columns - 1) + "…";
    }

    /** Pads text with spaces on the right to exactly {@code columns} terminal columns, cutting if longer. */
    static String pad(String text, int columns) {
        String fitted = fit(text, columns);
        return fitted + " ".repeat(Math.max(0, columns - TerminalTextUtils.getColumnWidth(fitted)));
    }
}
