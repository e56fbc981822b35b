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

    /**
     * Cuts a name to at most {@code columns} terminal columns in the middle, keeping its start and
     * its ending with the extension ({@code quarter…q1.txt}), so names that differ only near the
     * end stay apart.
     */
    static String fitMiddle(String name, int columns) {
        if (TerminalTextUtils.getColumnWidth(name) <= columns || columns < 6) {
            return fit(name, columns);
        }
        int dot = name.lastIndexOf('.');
        int extension = dot > 0 && name.length() - dot <= 8 ? TerminalTextUtils.getColumnWidth(name.substring(dot)) : 0;
        int tail = Math.min(columns - 3, Math.max((columns - 1) / 2, extension + 2));
        int head = columns - 1 - tail;
        return TerminalTextUtils.fitString(name, head) + "…" + lastColumns(name, tail);
    }

    /** The end of {@code text} that fits in {@code columns} terminal columns, whole characters only. */
    private static String lastColumns(String text, int columns) {
        int start = text.length();
        int used = 0;
        while (start > 0) {
            int codePoint = text.codePointBefore(start);
            int width = TerminalTextUtils.getColumnWidth(new String(Character.toChars(codePoint)));
            if (used + width > columns) {
                break;
            }
            used += width;
            start -= Character.charCount(codePoint);
        }
        return text.substring(start);
    }

    /** Pads text with spaces on the right to exactly {@code columns} terminal columns, cutting if longer. */
    static String pad(String text, int columns) {
        String fitted = fit(text, columns);
        return fitted + " ".repeat(Math.max(0, columns - TerminalTextUtils.getColumnWidth(fitted)));
    }
}
