package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import java.util.ArrayList;
import java.util.List;

/**
 * What a whole screen of the UI must look like, checked on its text (from the virtual terminal or
 * from tmux): the status line on top; below it, down to the command line, nothing but five closed
 * frames that tile the area exactly (Files on the left with Local beside or under it; Connections,
 * Transfers and Messages stacked on the right), each with its title in its top border; then the command line and the keys, with
 * no piece of a frame left over in them. A resize that leaves old characters behind, a pane that
 * draws past its frame or a frame cut short shows up as a problem.
 */
public final class ScreenCheck {
    static final String[] RIGHT_TITLES = {"Connections", "Transfers", "Messages"};
    private static final String TOP_LEFT = "┌╔";
    private static final String TOP_RIGHT = "┐╗";
    private static final String BOTTOM_LEFT = "└╚";
    private static final String BOTTOM_RIGHT = "┘╝";
    private static final String SIDE = "│║";
    private static final String FRAME_PIECES = "┌╔┐╗└╚┘╝│║─═";

    private final List<String> problems = new ArrayList<>();
    private final List<int[]> cells = new ArrayList<>();

    private ScreenCheck() {}

    /** Every way {@code screen} falls short of a whole {@code columns} x {@code rows} screen; empty if none. */
    public static List<String> problems(String screen, int columns, int rows) {
        ScreenCheck check = new ScreenCheck();
        check.run(screen.split("\n", -1), columns, rows);
        return check.problems;
    }

    private void run(String[] text, int columns, int rows) {
        List<String> lines = new ArrayList<>(List.of(text));
        if (lines.size() > 1 && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // after the last line's line break
        }
        if (lines.size() != rows) {
            problems.add("the screen has " + lines.size() + " lines, not " + rows);
            return;
        }
        for (String line : lines) {
            cells.add(toCells(line, columns));
        }
        for (int row = 0; row < rows; row++) {
            if (TerminalTextUtils.getColumnWidth(lines.get(row)) > columns) {
                problems.add("line " + row + " is wider than " + columns + " columns");
            }
        }
        if (lines.get(rows - 1).isBlank()) {
            problems.add("no keys on the last line");
        }
        if (!lines.get(0).contains(" Ferry ")) {
            problems.add("the status line does not start the screen: " + lines.get(0));
        }
        for (int row : new int[] {0, rows - 2, rows - 1}) {
            if (lines.get(row).chars().anyMatch(c -> FRAME_PIECES.indexOf(c) >= 0)) {
                problems.add("a piece of a frame outside the panes, on line " + row + ": " + lines.get(row));
            }
        }
        int top = 1;
        int bottom = rows - 3;
        int filesRight = next(top, 1, TOP_RIGHT);
        if (!at(top, 0, TOP_LEFT) || filesRight < 0) {
            problems.add("no Files frame at the top left: " + lines.get(top));
            return;
        }
        int localLeft = filesRight + 1;
        int localRight = next(top, localLeft + 1, TOP_RIGHT);
        if (at(top, localLeft, TOP_LEFT) && localRight > 0 && slice(top, localLeft, localRight).contains("Local ")) {
            frame(lines, "Files", 0, filesRight, top, bottom);
            frame(lines, "Local", localLeft, localRight, top, bottom);
            rightColumn(lines, localRight + 1, columns - 1, top, bottom);
            return;
        }
        int filesBottom = top + 1;
        while (filesBottom < bottom && !at(filesBottom, 0, BOTTOM_LEFT)) {
            filesBottom++;
        }
        if (filesBottom >= bottom) {
            problems.add("no Local frame beside or under the Files frame");
            return;
        }
        frame(lines, "Files", 0, filesRight, top, filesBottom);
        frame(lines, "Local", 0, filesRight, filesBottom + 1, bottom);
        rightColumn(lines, filesRight + 1, columns - 1, top, bottom);
    }

    /** Connections, Transfers and Messages, stacked from {@code top} to {@code bottom} with nothing between. */
    private void rightColumn(List<String> lines, int left, int right, int top, int bottom) {
        int row = top;
        for (String title : RIGHT_TITLES) {
            if (row > bottom) {
                problems.add("no room left for " + title);
                return;
            }
            int end = row + 1;
            while (end <= bottom && !at(end, left, BOTTOM_LEFT)) {
                end++;
            }
            if (end > bottom) {
                problems.add("the " + title + " frame has no bottom left corner at column " + left);
                return;
            }
            frame(lines, title, left, right, row, end);
            row = end + 1;
        }
        if (row != bottom + 1) {
            problems.add("lines " + row + " to " + bottom + " on the right are in no frame");
        }
    }

    /** A closed frame from ({@code left}, {@code top}) to ({@code right}, {@code bottom}) with {@code title} on top. */
    private void frame(List<String> lines, String title, int left, int right, int top, int bottom) {
        String where = title + " (" + left + "," + top + ")-(" + right + "," + bottom + ")";
        if (!at(top, left, TOP_LEFT) || !at(top, right, TOP_RIGHT)) {
            problems.add(where + ": top corners broken: " + lines.get(top));
        }
        if (!at(bottom, left, BOTTOM_LEFT) || !at(bottom, right, BOTTOM_RIGHT)) {
            problems.add(where + ": bottom corners broken: " + lines.get(bottom));
        }
        for (int row = top + 1; row < bottom; row++) {
            if (!at(row, left, SIDE) || !at(row, right, SIDE)) {
                problems.add(where + ": side broken on line " + row + ": " + lines.get(row));
            }
        }
        String topBorder = slice(top, left, right);
        if (!topBorder.contains(" " + title + " ") && !topBorder.contains("[ " + title + " ]")) {
            problems.add(where + ": no title in the top border: " + topBorder);
        }
        String bottomBorder = slice(bottom, left + 1, right - 1);
        if (!bottomBorder.startsWith("─") && !bottomBorder.startsWith("═")) {
            problems.add(where + ": the bottom border does not start as a line: " + bottomBorder);
        }
    }

    private boolean at(int row, int column, String allowed) {
        int[] line = cells.get(row);
        return column >= 0 && column < line.length && line[column] != 0 && allowed.indexOf(line[column]) >= 0;
    }

    private int next(int row, int from, String allowed) {
        for (int column = from; column < cells.get(row).length; column++) {
            if (at(row, column, allowed)) {
                return column;
            }
        }
        return -1;
    }

    private String slice(int row, int from, int to) {
        StringBuilder text = new StringBuilder();
        int[] line = cells.get(row);
        for (int column = Math.max(0, from); column <= to && column < line.length; column++) {
            if (line[column] != 0) {
                text.appendCodePoint(line[column]);
            }
        }
        return text.toString();
    }

    /** The line as one code point per terminal column (0 for the second column of a wide character), padded with spaces. */
    private static int[] toCells(String line, int columns) {
        int[] row = new int[Math.max(columns, TerminalTextUtils.getColumnWidth(line))];
        java.util.Arrays.fill(row, ' ');
        int column = 0;
        for (int i = 0; i < line.length(); ) {
            int codePoint = line.codePointAt(i);
            i += Character.charCount(codePoint);
            row[column++] = codePoint;
            if (TerminalTextUtils.getColumnWidth(new String(Character.toChars(codePoint))) == 2 && column < row.length) {
                row[column++] = 0;
            }
        }
        return row;
    }
}
