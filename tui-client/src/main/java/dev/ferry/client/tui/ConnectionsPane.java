package dev.ferry.client.tui;

import com.googlecode.lanterna.TerminalTextUtils;
import dev.ferry.client.command.Replies;
import dev.ferry.client.wording.Formats;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The server's connection table: each client's name, address, when it joined and when it
 * finished ("connected" while it still is). Your own row says "(you)", is in bold and comes
 * first; then the other clients connected now, the latest to join first, then those who left,
 * the latest to leave first. So however long the server's history, who is here now and who just
 * came or went are at the top, in view. Times are
 * of day when everything happened today, full dates otherwise. In a narrow pane the address
 * column is left out rather than cutting the others. Rows have no selection marker, to
 * leave the columns room at 80 columns; the focused pane still shows its selected row reversed.
 */
final class ConnectionsPane extends ListPane {
    private static final String[] HEADER = {"CLIENT", "ADDRESS", "JOINED", "FINISHED"};
    private static final int ADDRESS = 1;

    private final Roster roster;
    private boolean online = true;
    private List<Roster.Row> rows = List.of();
    private boolean wholeDates;
    private int[] widths = new int[HEADER.length];
    private boolean withAddress = true;

    ConnectionsPane(Palette palette, Roster roster) {
        super("Connections", palette);
        this.roster = roster;
    }

    /** Whether the table is live; offline it is kept but marked as possibly out of date. */
    void online(boolean value) {
        online = value;
        invalidate();
    }

    /** The roster changed: redraw. */
    void changed() {
        invalidate();
    }

    @Override
    boolean marked() {
        return false;
    }

    @Override
    String info() {
        if (!online) {
            return "offline, as last seen";
        }
        return roster.loaded() ? roster.connectedCount() + " connected" : "";
    }

    @Override
    int rowCount() {
        return roster.size();
    }

    /**
     * Works out the columns, in terminal columns (a wide character takes two); where they do not
     * all fit, the address goes first.
     */
    @Override
    void prepare(int width) {
        rows = ordered(roster.rows(), roster.you());
        wholeDates = wholeDates();
        widths = widths();
        int total = 2 * (widths.length - 1);
        for (int w : widths) {
            total += w;
        }
        withAddress = total <= width;
    }

    /**
     * Columns the table needs without its address column, frame included: the least the screen's
     * layout leaves it, so your own row is never cut.
     */
    @Override
    int wantedColumns() {
        rows = ordered(roster.rows(), roster.you());
        wholeDates = wholeDates();
        int[] columns = widths();
        int total = 2 + 2 * (columns.length - 2);
        for (int i = 0; i < columns.length; i++) {
            total += i == ADDRESS ? 0 : columns[i];
        }
        return total;
    }

    /** Each column's width in terminal columns (a wide character takes two), header included. */
    private int[] widths() {
        int[] columns = new int[HEADER.length];
        List<String[]> all = new ArrayList<>();
        all.add(HEADER);
        rows.forEach(row -> all.add(cells(row)));
        for (String[] cells : all) {
            for (int i = 0; i < cells.length; i++) {
                columns[i] = Math.max(columns[i], TerminalTextUtils.getColumnWidth(cells[i]));
            }
        }
        return columns;
    }

    @Override
    StyledLine header(int width) {
        return StyledLine.of(columns(HEADER, widths));
    }

    @Override
    List<StyledLine> row(int index, int width) {
        Roster.Row row = rows.get(index);
        boolean you = row.name().equals(roster.you());
        String text = columns(cells(row), widths);
        Tone tone = you ? Tone.SELF : row.connected() ? Tone.NORMAL : Tone.DIM;
        return List.of(StyledLine.of(text, tone));
    }

    @Override
    String emptyText() {
        return online ? "loading…" : "not connected";
    }

    /** Your row, then the others connected (latest to join first), then those who left (latest first). */
    static List<Roster.Row> ordered(List<Roster.Row> rows, String you) {
        List<Roster.Row> ordered = new ArrayList<>();
        rows.stream().filter(row -> row.name().equals(you)).forEach(ordered::add);
        rows.stream().filter(row -> row.connected() && !row.name().equals(you))
                .sorted(Comparator.comparing(Roster.Row::connectedAt).reversed()).forEach(ordered::add);
        rows.stream().filter(row -> !row.connected() && !row.name().equals(you))
                .sorted(Comparator.comparing(Roster.Row::finishedAt).reversed()).forEach(ordered::add);
        return ordered;
    }

    private String[] cells(Roster.Row row) {
        String finished = row.connected() ? "connected" : when(row.finishedAt());
        if (row.name().equals(roster.you())) {
            finished = Replies.yours(finished);
        }
        return new String[] {row.displayName(), row.address(), when(row.connectedAt()), finished};
    }

    private String columns(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i == ADDRESS && !withAddress) {
                continue;
            }
            line.append(cells[i]);
            if (i < cells.length - 1) {
                line.append(" ".repeat(widths[i] - TerminalTextUtils.getColumnWidth(cells[i]) + 2));
            }
        }
        return line.toString();
    }

    private boolean wholeDates() {
        LocalDate today = LocalDate.now();
        return rows.stream().anyMatch(row -> !sameDay(row.connectedAt(), today)
                || (row.finishedAt() != null && !sameDay(row.finishedAt(), today)));
    }

    private static boolean sameDay(Instant instant, LocalDate day) {
        return instant.atZone(ZoneId.systemDefault()).toLocalDate().equals(day);
    }

    private String when(Instant instant) {
        return wholeDates ? Formats.time(instant) : Formats.clock(instant);
    }
}
