package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.gui2.Component;
import com.googlecode.lanterna.gui2.LayoutManager;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Places the screen's parts, recomputed on every redraw so a resize just works. From
 * {@value #SIDE_BY_SIDE} columns the server's files and the local folder stand side by side, as in
 * mc; on a narrower screen the local folder goes under the files:
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
 * The components must be added in exactly that order: status, Files, Local, Connections,
 * Transfers, Messages, command line, keys.
 */
final class ScreenLayout implements LayoutManager {
    static final int PARTS = 8;
    static final int SIDE_BY_SIDE = 140;
    private static final int MIN_PANE = 4;

    private final IntSupplier connectionRows;
    private final IntSupplier downloadRows;

    /**
     * @param connectionRows lines the Connections pane would like inside its frame
     * @param downloadRows   lines the Downloads pane would like inside its frame
     */
    ScreenLayout(IntSupplier connectionRows, IntSupplier downloadRows) {
        this.connectionRows = connectionRows;
        this.downloadRows = downloadRows;
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
        int width = area.getColumns();
        int height = area.getRows();
        int panes = Math.max(0, height - 3);
        boolean sideBySide = width >= SIDE_BY_SIDE;
        int filesWidth = width < 60 ? width / 2 : clamp(width * 3 / 10, 24, 44);
        int localWidth = sideBySide ? filesWidth : 0;
        int left = filesWidth + localWidth;
        int rightWidth = width - left;
        int filesHeight = sideBySide ? panes : panes - panes / 2;

        int cap = Math.max(3, panes * 35 / 100);
        int connections = clamp(connectionRows.getAsInt() + 2, Math.min(MIN_PANE, cap), cap);
        int downloads = clamp(downloadRows.getAsInt() + 2, Math.min(MIN_PANE, cap), cap);
        int messages = panes - connections - downloads;
        if (messages < 3) {
            connections = panes / 3;
            downloads = panes / 3;
            messages = panes - connections - downloads;
        }

        place(components.get(0), 0, 0, width, Math.min(1, height));
        place(components.get(1), 0, 1, filesWidth, filesHeight);
        if (sideBySide) {
            place(components.get(2), filesWidth, 1, localWidth, panes);
        } else {
            place(components.get(2), 0, 1 + filesHeight, filesWidth, panes - filesHeight);
        }
        place(components.get(3), left, 1, rightWidth, connections);
        place(components.get(4), left, 1 + connections, rightWidth, downloads);
        place(components.get(5), left, 1 + connections + downloads, rightWidth, messages);
        place(components.get(6), 0, Math.max(0, height - 2), width, height >= 2 ? 1 : 0);
        place(components.get(7), 0, Math.max(0, height - 1), width, height >= 3 ? 1 : 0);
    }

    private static void place(Component component, int column, int row, int width, int height) {
        component.setPosition(new TerminalPosition(column, row));
        component.setSize(new TerminalSize(Math.max(0, width), Math.max(0, height)));
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
