package dev.ferry.client.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * What a terminal of a given width shows after some output: enough of a VT100 for line-mode
 * output (CR, LF, cursor up, erase to end of line, erase below, delete line, save and restore
 * the cursor),
 * wrapping at the right margin as xterm does. Any other escape sequence fails the test.
 */
public final class ScreenModel {
    private final int columns;
    private final List<StringBuilder> rows = new ArrayList<>();
    private int row;
    private int column;
    private boolean pendingWrap;
    private int savedRow;
    private int savedColumn;

    private ScreenModel(int columns) {
        this.columns = columns;
        rows.add(new StringBuilder());
    }

    /** The rows {@code output} leaves on a terminal {@code columns} wide, trailing blanks trimmed. */
    public static List<String> render(String output, int columns) {
        ScreenModel screen = new ScreenModel(columns);
        screen.write(output);
        List<String> lines = new ArrayList<>();
        for (StringBuilder r : screen.rows) {
            lines.add(r.toString().stripTrailing());
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private void write(String output) {
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            if (c == '\r') {
                column = 0;
                pendingWrap = false;
            } else if (c == '\n') {
                lineFeed(); // a terminal's output processing (onlcr) makes it CR LF
                column = 0;
            } else if (c == '\033') {
                i = escape(output, i);
            } else if (c < 0x20) {
                throw new AssertionError("control character " + (int) c + " at " + i);
            } else {
                put(c);
            }
        }
    }

    private int escape(String output, int at) {
        char next = output.charAt(at + 1);
        if (next == '7') {
            savedRow = row;
            savedColumn = column;
            return at + 1;
        }
        if (next == '8') {
            row = savedRow;
            column = savedColumn;
            pendingWrap = false;
            return at + 1;
        }
        if (next != '[') {
            throw new AssertionError("unexpected escape at " + at);
        }
        int i = at + 2;
        int n = 0;
        boolean given = false;
        while (Character.isDigit(output.charAt(i))) {
            n = n * 10 + (output.charAt(i++) - '0');
            given = true;
        }
        char command = output.charAt(i);
        switch (command) {
            case 'A' -> {
                row = Math.max(0, row - (given ? n : 1));
                pendingWrap = false;
            }
            case 'K' -> {
                StringBuilder r = rows.get(row);
                if (r.length() > column) {
                    r.setLength(column);
                }
            }
            case 'J' -> {
                rows.get(row).setLength(Math.min(rows.get(row).length(), column));
                while (rows.size() > row + 1) {
                    rows.remove(rows.size() - 1);
                }
            }
            case 'M' -> {
                rows.remove(row);
                if (rows.size() <= row) {
                    rows.add(new StringBuilder());
                }
            }
            default -> throw new AssertionError("unexpected escape ESC[" + command + " at " + at);
        }
        return i;
    }

    private void put(char c) {
        if (pendingWrap) {
            lineFeed();
            column = 0;
            pendingWrap = false;
        }
        StringBuilder r = rows.get(row);
        while (r.length() < column) {
            r.append(' ');
        }
        if (r.length() > column) {
            r.setCharAt(column, c);
        } else {
            r.append(c);
        }
        if (column == columns - 1) {
            pendingWrap = true;
        } else {
            column++;
        }
    }

    private void lineFeed() {
        row++;
        pendingWrap = false;
        while (rows.size() <= row) {
            rows.add(new StringBuilder());
        }
    }
}
