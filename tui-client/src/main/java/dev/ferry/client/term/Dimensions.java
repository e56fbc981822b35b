package dev.ferry.client.term;

/** A terminal's size in character cells. */
public record Dimensions(int columns, int rows) {
    /** What is assumed when nothing says otherwise. */
    public static final Dimensions DEFAULT = new Dimensions(80, 24);

    public Dimensions {
        if (columns < 1 || rows < 1) {
            throw new IllegalArgumentException("a terminal has at least one column and row, not " + columns + "x" + rows);
        }
    }
}
