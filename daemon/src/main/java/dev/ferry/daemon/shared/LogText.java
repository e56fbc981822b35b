package dev.ferry.daemon.shared;

/**
 * Text a client chose (a file name, a message, an error that quotes one) made fit for a log line:
 * control characters escaped, so one line stays one line and cannot move a terminal's cursor,
 * and cut to {@link #MAX_CHARS}, so a client cannot make each line as long as a frame allows.
 */
public final class LogText {
    /** Characters of client text a log line keeps; the rest is counted, not written. */
    public static final int MAX_CHARS = 120;

    private LogText() {}

    /** {@code text} escaped and cut to {@link #MAX_CHARS}, saying how long it was if cut. */
    public static String clip(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 32);
        int shown = 0;
        int i = 0;
        while (i < text.length() && shown < MAX_CHARS) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            shown++;
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (escaped(c)) {
                        out.append(String.format("\\u%04X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        }
        if (i < text.length()) {
            out.append("… (").append(text.codePointCount(0, text.length())).append(" characters)");
        }
        return out.toString();
    }

    /** C0 and C1 controls, DEL, and the marks that reorder or hide text (bidirectional overrides, zero-width). */
    private static boolean escaped(int c) {
        return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069) || (c >= 0x200B && c <= 0x200F) || c == 0xFEFF;
    }
}
