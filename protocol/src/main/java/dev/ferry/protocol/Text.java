package dev.ferry.protocol;

/**
 * What text may travel in names and messages, and how to print text from the other side safely.
 * C0 and C1 control characters, DEL and the bidirectional overrides are refused: printed to a
 * terminal they could move the cursor, clear the screen or make a name read as something else.
 */
public final class Text {
    private Text() {}

    /** The first forbidden character in {@code text}, or -1 if there is none. */
    public static int firstForbidden(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (forbidden(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return -1;
    }

    /** {@code text} with each forbidden character replaced by U+FFFD, so it prints as what it is. */
    public static String printable(String text) {
        if (firstForbidden(text) < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(forbidden(c) ? '\uFFFD' : c);
        }
        return out.toString();
    }

    /** Like {@link #printable(String)}, but keeps line breaks, for multi-line text such as help. */
    public static String printableLines(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(printable(line));
        }
        return out.toString();
    }

    private static boolean forbidden(char c) {
        boolean control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
        boolean bidi = (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
        return control || bidi;
    }
}
