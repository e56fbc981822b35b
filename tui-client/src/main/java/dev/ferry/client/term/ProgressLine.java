package dev.ferry.client.term;

import dev.ferry.client.wording.Formats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Progress lines that fit the terminal: name, bar, percent, bytes, speed and time left when there
 * is room, fewer figures when there is not, and never a line as wide as the terminal, so nothing
 * wraps and a redraw in place always knows how many rows it drew. Several lines are laid out alike,
 * names and bars in columns.
 */
public final class ProgressLine {
    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 30;
    /** Names are cut down to this many columns before figures are left out. */
    private static final int SHORT_NAME = 12;

    /** What one line shows. */
    public record Figures(String label, long size, long received, double rate, long secondsLeft, long elapsedSeconds) {
        /** A download the server has not started sending yet. */
        public static Figures waiting(String label) {
            return new Figures(label, -1, 0, -1, -1, 0);
        }

        boolean isWaiting() {
            return size < 0;
        }

        boolean done() {
            return size >= 0 && received >= size;
        }

        int percent() {
            return size <= 0 ? 100 : (int) Math.min(100, received * 100 / size);
        }
    }

    /** What a line holds after the name, from most to fewest. */
    private enum Detail { BAR, FIGURES, NO_BYTES, RATE, PERCENT }

    private ProgressLine() {}

    /** One line for {@code figures}, narrower than {@code columns}. */
    public static String line(Figures figures, int columns) {
        return lines(List.of(figures), columns).get(0);
    }

    /**
     * A line for each, aligned, each narrower than {@code columns}. Names give way first (down
     * to a few columns, keeping their ends), then the bar, then figures from the bytes on.
     */
    public static List<String> lines(List<Figures> rows, int columns) {
        int width = Math.max(1, columns - 1); // the last column would leave the cursor waiting to wrap
        int longestName = rows.stream().mapToInt(r -> Columns.width(r.label())).max().orElse(0);
        int nameCap = Math.max(SHORT_NAME, width * 2 / 5);
        int shortest = Math.min(longestName, SHORT_NAME);
        int bytesWidth = rows.stream().mapToInt(r -> bytes(r).length()).max().orElse(0);
        for (Detail detail : Detail.values()) {
            int tail = rows.stream().mapToInt(r -> Columns.width(tail(r, detail, bytesWidth))).max().orElse(0);
            int barRoom = detail == Detail.BAR ? MIN_BAR + 2 : 0;
            int nameRoom = width - tail - 2 - barRoom;
            if (nameRoom < shortest) {
                continue;
            }
            int name = Math.min(Math.min(longestName, nameCap), nameRoom);
            int bar = detail == Detail.BAR ? Math.min(MAX_BAR, width - name - tail - 4) : 0;
            List<String> lines = new ArrayList<>();
            for (Figures row : rows) {
                String middle = detail == Detail.BAR ? " " + bar(row, bar) + " " : "  ";
                lines.add(Columns.fit((Columns.fitKeepingEnd(row.label(), name) + middle + tail(row, detail, bytesWidth)).stripTrailing(),
                        width));
            }
            return lines;
        }
        List<String> lines = new ArrayList<>();
        for (Figures row : rows) {
            lines.add(Columns.fit(row.label() + "  " + tail(row, Detail.PERCENT, 0), width));
        }
        return lines;
    }

    private static String bar(Figures row, int columns) {
        int filled = row.isWaiting() ? 0 : (int) Math.round(row.percent() / 100.0 * columns);
        return "[" + "#".repeat(filled) + "-".repeat(columns - filled) + "]";
    }

    /**
     * {@code received / size}, the received part as wide as it can ever be for this size, so the
     * line does not shift as the download goes.
     */
    private static String bytes(Figures row) {
        if (row.isWaiting()) {
            return "";
        }
        String total = Formats.size(row.size());
        String received = Formats.size(row.received());
        int widest = row.size() < 1024 ? total.length()
                : row.size() < 1024 * 1024 ? Math.max(total.length(), "1023 B".length())
                : "1023.9 KiB".length();
        return " ".repeat(Math.max(0, widest - received.length())) + received + " / " + total;
    }

    private static String tail(Figures row, Detail detail, int bytesWidth) {
        if (row.isWaiting()) {
            return "waiting";
        }
        String percent = String.format(Locale.ROOT, "%3d%%", row.percent());
        String bytes = bytes(row);
        bytes = " ".repeat(Math.max(0, bytesWidth - bytes.length())) + bytes;
        String rate = row.rate() < 0 ? "--" : Formats.rate(row.rate());
        rate = " ".repeat(Math.max(0, 11 - rate.length())) + rate;
        String time = row.done() ? " in " + Formats.eta(row.elapsedSeconds()) : "ETA " + Formats.eta(row.secondsLeft());
        return switch (detail) {
            case BAR, FIGURES -> percent + "  " + bytes + "  " + rate + "  " + time;
            case NO_BYTES -> percent + "  " + rate + "  " + time;
            case RATE -> percent + "  " + rate.strip();
            case PERCENT -> percent;
        };
    }
}
