package dev.ferry.client.term;

import com.googlecode.lanterna.TerminalTextUtils;

/** Text measured in terminal columns, where a CJK letter takes two. Text given here is printable. */
public final class Columns {
    private Columns() {}

    /** How many columns {@code text} takes. */
    public static int width(String text) {
        return TerminalTextUtils.getColumnWidth(text);
    }

    /** {@code text} cut to at most {@code columns}, its end replaced by … when cut. */
    public static String fit(String text, int columns) {
        if (width(text) <= columns) {
            return text;
        }
        if (columns <= 0) {
            return "";
        }
        return TerminalTextUtils.fitString(text, columns - 1) + "…";
    }

    /** {@code text} in exactly {@code columns}: cut at the front with … (a file name keeps its end), or padded. */
    public static String fitKeepingEnd(String text, int columns) {
        int width = width(text);
        if (width <= columns) {
            return text + " ".repeat(columns - width);
        }
        if (columns <= 0) {
            return "";
        }
        StringBuilder tail = new StringBuilder();
        int used = 1; // the …
        for (int i = text.length() - 1; i >= 0; i--) {
            char c = text.charAt(i);
            int w = TerminalTextUtils.isCharDoubleWidth(c) ? 2 : 1;
            if (used + w > columns) {
                break;
            }
            tail.append(c);
            used += w;
        }
        if (tail.length() > 0 && Character.isLowSurrogate(tail.charAt(tail.length() - 1))) {
            tail.setLength(tail.length() - 1); // never half a character
            used--;
        }
        return "…" + tail.reverse() + " ".repeat(columns - used);
    }
}
