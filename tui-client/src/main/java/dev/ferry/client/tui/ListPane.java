package dev.ferry.client.tui;

import com.googlecode.lanterna.gui2.TextGUIGraphics;
import com.googlecode.lanterna.input.KeyStroke;
import java.util.List;

/**
 * A pane showing rows with one selected: a "&gt;" marks it, and in the focused pane it is also in
 * reverse video. Arrows, Page Up/Down, Home and End move the selection, and the view scrolls to
 * keep it in sight. A row may take more than one line.
 */
abstract class ListPane extends Pane {
    static final String MARK = "> ";
    static final String NO_MARK = "  ";

    private int selected;
    private int top;
    private int lastHeight = 1;
    private int hiddenBelow;
    /** The line of the first row inside the frame: 1 under a header, else 0. */
    private int firstLine;

    ListPane(String title, Palette palette) {
        super(title, palette);
    }

    /** How many rows there are. */
    abstract int rowCount();

    /** The lines of a row, {@code width} columns wide at most (the marker is added before them). */
    abstract List<StyledLine> row(int index, int width);

    /**
     * Whether the selected row gets a "&gt;" in front. Without it rows have two more columns and
     * the selection shows only in the focused pane.
     */
    boolean marked() {
        return true;
    }

    /** Lines one row takes; the same for every row. */
    int linesPerRow() {
        return 1;
    }

    /** Called before each drawing, to work out what all rows share (column widths) in {@code width}. */
    void prepare(int width) {}

    /** A line above the rows, such as column names; null for none. */
    StyledLine header(int width) {
        return null;
    }

    /**
     * Columns this pane needs to show its longest row whole, frame and marker included; 0 where
     * it has no say in its width.
     */
    int wantedColumns() {
        return 0;
    }

    /** Rows this pane needs to show every row, frame included (one line for "none" when empty). */
    int wantedRows() {
        return 2 + Math.max(1, rowCount()) * linesPerRow();
    }

    /** Columns a row of {@code content} columns takes in this pane: the marker and the frame added. */
    int framed(int content) {
        return 2 + (marked() ? MARK.length() : 0) + content;
    }

    /** What the pane says when there are no rows. */
    abstract String emptyText();

    /** Enter on a row. */
    void activate(int index) {}

    /** Keys the list itself does not use. */
    Result onOtherKey(KeyStroke key) {
        return Result.UNHANDLED;
    }

    int selected() {
        return Math.min(selected, Math.max(0, rowCount() - 1));
    }

    void select(int index) {
        selected = Math.max(0, Math.min(index, rowCount() - 1));
        invalidate();
    }

    /** A click on a row selects it. */
    @Override
    void clicked(int column, int line) {
        int index = top + (line - firstLine) / linesPerRow();
        if (line >= firstLine && index < rowCount()) {
            select(index);
        }
    }

    @Override
    String scrollInfo() {
        if (top > 0 && hiddenBelow > 0) {
            return "↑" + top + " ↓" + hiddenBelow;
        }
        if (top > 0) {
            return "↑ " + top + " more";
        }
        return hiddenBelow > 0 ? "↓ " + hiddenBelow + " more" : "";
    }

    @Override
    Result onKey(KeyStroke key) {
        int rows = rowCount();
        int page = Math.max(1, lastHeight / linesPerRow() - 1);
        switch (key.getKeyType()) {
            case ArrowUp -> select(selected() - 1);
            case ArrowDown -> select(selected() + 1);
            case PageUp -> select(selected() - page);
            case PageDown -> select(selected() + page);
            case Home -> select(0);
            case End -> select(rows - 1);
            case Enter -> {
                if (rows > 0) {
                    activate(selected());
                }
            }
            default -> {
                return onOtherKey(key);
            }
        }
        return Result.HANDLED;
    }

    @Override
    void drawBody(TextGUIGraphics g, int width, int height) {
        int y = 0;
        String blank = marked() ? NO_MARK : "";
        int rowWidth = width - blank.length();
        prepare(rowWidth);
        StyledLine header = header(rowWidth);
        if (header != null && height > 1) {
            put(g, 0, y++, new StyledLine().add(blank).add(header.text(), Tone.HEADER), width, false);
        }
        firstLine = y;
        int rows = rowCount();
        int available = height - y;
        lastHeight = available;
        if (rows == 0) {
            top = 0;
            hiddenBelow = 0;
            put(g, 0, y, StyledLine.of(blank + emptyText(), Tone.DIM), width, false);
            return;
        }
        int current = selected();
        int visibleRows = Math.max(1, available / linesPerRow());
        top = Math.max(0, Math.min(top, rows - visibleRows));
        if (current < top) {
            top = current;
        } else if (current >= top + visibleRows) {
            top = current - visibleRows + 1;
        }
        int index = top;
        for (; index < rows && y + linesPerRow() <= height; index++) {
            boolean isSelected = index == current;
            boolean first = true;
            for (StyledLine line : row(index, rowWidth)) {
                StyledLine shown = new StyledLine().add(isSelected && first && marked() ? MARK : blank, Tone.KEY);
                line.spans().forEach(span -> shown.add(span.text(), span.tone()));
                put(g, 0, y++, shown, width, isSelected && isFocused());
                first = false;
            }
        }
        hiddenBelow = rows - index;
    }
}
