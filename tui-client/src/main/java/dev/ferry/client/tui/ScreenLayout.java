package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.LayoutManager;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Places the screen's parts by what they hold, recomputed whenever a part changes, so a resize or
 * a longer file name just works. From {@value #SIDE_BY_SIDE} columns the server's files and the
 * local folder stand side by side, as in mc; on a narrower screen the local folder goes under the
 * files:
 *
 * <pre>
 * status line                               status line
 * +-------+-------+---------------+         +-------+---------------+
 * |       |       | Connections   |         | Files | Connections   |  as tall as its rows, up to a third
 * | Files | Local | Transfers     |         |-------| Transfers     |  as tall as its gauges, up to a third
 * |       |       | Messages      |         | Local | Messages      |  the rest
 * +-------+-------+---------------+         +-------+---------------+
 * command line                              command line
 * keys                                      keys
 * </pre>
 *
 * Widths: whole file names come first. Files is as wide as its longest row (and so is Local
 * beside it; under it, Local has Files' width), at least {@value #MIN_LIST} columns or its title;
 * the right-hand column keeps at least three eighths of the screen ({@value #MIN_RIGHT} columns
 * at least, what the Connections table needs without its addresses, and what a running
 * gauge needs for its time left), and takes whatever the lists leave. Rows: Files and
 * Local each get the rows their lists need, and split what is left; where both cannot, the one
 * that needs less gets what it needs when that is at most half. Connections and Transfers get the
 * rows their rows need (up to about a third each), Messages the rest.
 *
 * <p>The components must be added in exactly that order: status, Files, Local, Connections,
 * Transfers, Messages, command line, keys.
 */
final class ScreenLayout implements LayoutManager {
    static final int PARTS = 8;
    static final int SIDE_BY_SIDE = 140;
    static final int MIN_LIST = 24;
    static final int MIN_RIGHT = 22;
    private static final int MIN_PANE = 4;
    private static final int MIN_ROWS = 3;

    /**
     * What the panes would like, frames included, read on the GUI thread at each layout: the
     * columns Files and Local need to show their longest rows whole, the rows they need to show
     * every entry, the columns the right-hand column needs (your row whole, running gauges with
     * their time left),
     * and the rows Connections and Transfers would like.
     */
    record Wants(IntSupplier filesColumns, IntSupplier localColumns, IntSupplier filesRows, IntSupplier localRows,
            IntSupplier rightColumns, IntSupplier connectionRows, IntSupplier transferRows) {}

    /** Where each pane goes: column, row, width, height, in the order the parts are added. */
    record Areas(int[][] parts) {
        int[] files() {
            return parts[1];
        }

        int[] local() {
            return parts[2];
        }

        int[] right() {
            return parts[3];
        }
    }

    private final Wants wants;

    ScreenLayout(Wants wants) {
        this.wants = wants;
    }

    @Override
    public TerminalSize getPreferredSize(List<Component> components) {
        return new TerminalSize(80, 24);
    }

    @Override
    public boolean hasChanged() {
        return false;
    }

    @Override
    public void doLayout(TerminalSize area, List<Component> components) {
        if (components.size() != PARTS) {
            throw new IllegalStateException("the screen has " + components.size() + " parts, not " + PARTS);
        }
        int[][] parts = plan(area.getColumns(), area.getRows(), wants).parts();
        for (int i = 0; i < PARTS; i++) {
            int[] at = parts[i];
            components.get(i).setPosition(new TerminalPosition(at[0], at[1]));
            components.get(i).setSize(new TerminalSize(Math.max(0, at[2]), Math.max(0, at[3])));
        }
    }

    /** Where each part goes on a {@code width} x {@code height} screen, given what the panes want. */
    static Areas plan(int width, int height, Wants wants) {
        int panes = Math.max(0, height - 3);
        boolean sideBySide = width >= SIDE_BY_SIDE;
        int minList = Math.min(MIN_LIST, width / 2);
        int rightMin = Math.min(width - minList,
                Math.max(Math.max(MIN_RIGHT, width * 3 / 8), wants.rightColumns().getAsInt()));
        int room = width - rightMin;
        int filesWidth;
        int localWidth;
        if (sideBySide) {
            int files = Math.max(minList, wants.filesColumns().getAsInt());
            int local = Math.max(minList, wants.localColumns().getAsInt());
            int[] split = files + local <= room ? new int[] {files, local} : share(room, files, local);
            filesWidth = split[0];
            localWidth = split[1];
        } else {
            filesWidth = clamp(wants.filesColumns().getAsInt(), minList, room);
            localWidth = 0;
        }
        int left = filesWidth + localWidth;
        int rightWidth = width - left;

        int filesHeight = panes;
        if (!sideBySide) {
            int[] split = share(panes, wants.filesRows().getAsInt(), wants.localRows().getAsInt());
            filesHeight = panes < 2 * MIN_ROWS ? panes - panes / 2 : clamp(split[0], MIN_ROWS, panes - MIN_ROWS);
        }

        int cap = Math.max(3, panes * 35 / 100);
        int connections = clamp(wants.connectionRows().getAsInt(), Math.min(MIN_PANE, cap), cap);
        int transfers = clamp(wants.transferRows().getAsInt(), Math.min(MIN_PANE, cap), cap);
        int messages = panes - connections - transfers;
        if (messages < 3) {
            connections = panes / 3;
            transfers = panes / 3;
            messages = panes - connections - transfers;
        }

        int[][] parts = new int[PARTS][];
        parts[0] = new int[] {0, 0, width, Math.min(1, height)};
        parts[1] = new int[] {0, 1, filesWidth, filesHeight};
        parts[2] = sideBySide ? new int[] {filesWidth, 1, localWidth, panes}
                : new int[] {0, 1 + filesHeight, filesWidth, panes - filesHeight};
        parts[3] = new int[] {left, 1, rightWidth, connections};
        parts[4] = new int[] {left, 1 + connections, rightWidth, transfers};
        parts[5] = new int[] {left, 1 + connections + transfers, rightWidth, messages};
        parts[6] = new int[] {0, Math.max(0, height - 2), width, height >= 2 ? 1 : 0};
        parts[7] = new int[] {0, Math.max(0, height - 1), width, height >= 3 ? 1 : 0};
        return new Areas(parts);
    }

    /**
     * Splits {@code total} between two that want {@code a} and {@code b}: each gets what it wants
     * and half of what is left over; where both cannot, the one that wants at most half gets it and
     * the other the rest, else each gets half (the first the odd one).
     */
    static int[] share(int total, int a, int b) {
        int first;
        if (a + b <= total) {
            first = a + (total - a - b + 1) / 2;
        } else if (a <= total / 2) {
            first = a;
        } else if (b <= total / 2) {
            first = total - b;
        } else {
            first = total - total / 2;
        }
        return new int[] {first, total - first};
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
