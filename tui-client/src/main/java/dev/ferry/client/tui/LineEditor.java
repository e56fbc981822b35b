package dev.ferry.client.tui;

/**
 * The command line's text and cursor, edited as readline edits: Ctrl-A/E to the start and end,
 * Ctrl-U/K kill to the start and to the end, Ctrl-W the word before the cursor, Alt-B/F (and
 * Ctrl-←/→) a word back and forward, Ctrl-Y puts back what was killed last. A word is a run of
 * letters and digits, as readline's Alt-B/F see it; Ctrl-W, like readline's, kills back to a space.
 * No Lanterna here: {@link CommandBar} maps keys to these calls.
 */
final class LineEditor {
    private final StringBuilder text = new StringBuilder();
    private int cursor;
    private String killed = "";

    String text() {
        return text.toString();
    }

    int cursor() {
        return cursor;
    }

    /** Replaces the whole line, with the cursor at its end. */
    void set(String line) {
        text.setLength(0);
        text.append(line);
        cursor = text.length();
    }

    void insert(String typed) {
        text.insert(cursor, typed);
        cursor += typed.length();
    }

    /** Replaces {@code from}..cursor with {@code replacement} (a completion). */
    void replaceBefore(int from, String replacement) {
        text.replace(from, cursor, replacement);
        cursor = from + replacement.length();
    }

    void backspace() {
        if (cursor > 0) {
            text.deleteCharAt(--cursor);
        }
    }

    void delete() {
        if (cursor < text.length()) {
            text.deleteCharAt(cursor);
        }
    }

    void left() {
        cursor = Math.max(0, cursor - 1);
    }

    void right() {
        cursor = Math.min(text.length(), cursor + 1);
    }

    void home() {
        cursor = 0;
    }

    void end() {
        cursor = text.length();
    }

    void killToStart() {
        kill(0, cursor);
    }

    void killToEnd() {
        kill(cursor, text.length());
    }

    /** Ctrl-W: back over spaces, then back to the next space. */
    void killWordBack() {
        int from = cursor;
        while (from > 0 && Character.isWhitespace(text.charAt(from - 1))) {
            from--;
        }
        while (from > 0 && !Character.isWhitespace(text.charAt(from - 1))) {
            from--;
        }
        kill(from, cursor);
    }

    void wordBack() {
        while (cursor > 0 && !Character.isLetterOrDigit(text.charAt(cursor - 1))) {
            cursor--;
        }
        while (cursor > 0 && Character.isLetterOrDigit(text.charAt(cursor - 1))) {
            cursor--;
        }
    }

    void wordForward() {
        while (cursor < text.length() && !Character.isLetterOrDigit(text.charAt(cursor))) {
            cursor++;
        }
        while (cursor < text.length() && Character.isLetterOrDigit(text.charAt(cursor))) {
            cursor++;
        }
    }

    void yank() {
        insert(killed);
    }

    private void kill(int from, int to) {
        if (from >= to) {
            return;
        }
        killed = text.substring(from, to);
        text.delete(from, to);
        cursor = from;
    }
}
