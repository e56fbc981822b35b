package dev.ferry.client.tui;

import dev.ferry.client.wording.Formats;
import java.util.List;
import java.util.Locale;

/**
 * The second line of every gauge, laid out once for all of them so that bars have the same width
 * and the numbers stand in columns:
 *
 * <pre>
 * [#######-----]  58%  870.0 MiB / 1.5 GiB  112.4 MiB/s  ETA 0:05
 * [############] 100%    1.1 MiB / 1.1 MiB    9.8 MiB/s  average
 * [###---------]  21%  310.0 MiB / 1.5 GiB  Enter resumes
 * </pre>
 *
 * Percent, bytes received, speed and time left always show; where the line is short the total
 * size goes first (the percent still tells how far), then the bar shrinks to {@value #MIN_BAR}
 * columns, and only a pane narrower than any terminal Ferry supports loses the time left and
 * then the speed. A stopped download shows, in place of speed and time left, what Enter does.
 * Where the time left shows, the line ends at least one column short of the pane, so the time
 * stands apart from the border.
 */
final class GaugeLayout {
    static final int MIN_BAR = 6;
    static final int PREFERRED_BAR = 12;
    static final int MAX_BAR = 40;
    private static final String GAP = "  ";

    private final int bar;
    private final int gotWidth;
    private final int totalWidth;
    private final int speedWidth;
    private final boolean total;
    private final boolean speed;
    private final boolean eta;

    private GaugeLayout(int bar, int gotWidth, int totalWidth, int speedWidth, boolean total, boolean speed, boolean eta) {
        this.bar = bar;
        this.gotWidth = gotWidth;
        this.totalWidth = totalWidth;
        this.speedWidth = speedWidth;
        this.total = total;
        this.speed = speed;
        this.eta = eta;
    }

    /**
     * The fewest columns a gauge line needs to keep its speed and time left (with the shortest
     * bar and without the total), for the screen's layout to leave the Transfers pane.
     */
    static int columnsForTimeLeft() {
        return 2 + GAP.length() + 4 + GAP.length() + "999.9 MiB".length() + MIN_BAR
                + GAP.length() + "999.9 MiB/s".length() + GAP.length() + "ETA --:--".length() + 1;
    }

    /** The layout for these gauges in {@code width} columns. */
    static GaugeLayout of(List<Transfer> transfers, int width) {
        int got = "999.9 MiB".length();
        int totalWidth = 0;
        int speedWidth = "999.9 MiB/s".length();
        int etaWidth = "ETA --:--".length();
        for (Transfer transfer : transfers) {
            if (transfer.size() < 0) {
                continue;
            }
            got = Math.max(got, Formats.size(transfer.received()).length());
            totalWidth = Math.max(totalWidth, Formats.size(transfer.size()).length());
            if (transfer.hasRate()) {
                speedWidth = Math.max(speedWidth, Formats.rate(transfer.rate()).length());
            }
            etaWidth = Math.max(etaWidth, eta(transfer).length());
        }
        int base = 2 + GAP.length() + 4 + GAP.length() + got;
        int totalPart = " / ".length() + totalWidth;
        int speedPart = GAP.length() + speedWidth;
        int etaPart = GAP.length() + etaWidth + 1; // and one column clear, so it never touches the border
        int room = width - base - speedPart - etaPart;
        if (room - totalPart >= PREFERRED_BAR) {
            return new GaugeLayout(Math.min(MAX_BAR, room - totalPart), got, totalWidth, speedWidth, true, true, true);
        }
        if (room >= MIN_BAR) {
            return new GaugeLayout(Math.min(MAX_BAR, room), got, totalWidth, speedWidth, false, true, true);
        }
        if (room + etaPart >= MIN_BAR) {
            return new GaugeLayout(room + etaPart, got, totalWidth, speedWidth, false, true, false);
        }
        return new GaugeLayout(Math.max(MIN_BAR, room + etaPart + speedPart), got, totalWidth, speedWidth, false, false, false);
    }

    /** Bar columns inside the brackets, the same on every gauge. */
    int bar() {
        return bar;
    }

    boolean showsTotal() {
        return total;
    }

    /** The gauge line of {@code transfer}; {@code hint} says what Enter does for a stopped one. */
    StyledLine gauge(Transfer transfer, String hint) {
        long size = transfer.size();
        if (size < 0) {
            return transfer.state().active() ? StyledLine.of("waiting for the server…", Tone.DIM) : new StyledLine();
        }
        int filled = (int) Math.round(transfer.fraction() * bar);
        Tone fill = switch (transfer.state()) {
            case VERIFIED -> Tone.GOOD;
            case WAITING, RUNNING -> Tone.INFO;
            default -> Tone.WARN;
        };
        StyledLine line = new StyledLine()
                .add("[", Tone.DIM)
                .add("#".repeat(filled), fill)
                .add("-".repeat(bar - filled), Tone.DIM)
                .add("]", Tone.DIM)
                .add(GAP + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(transfer.fraction() * 100)))
                .add(GAP + left(Formats.size(transfer.received()), gotWidth));
        if (total) {
            line.add(" / " + right(Formats.size(size), totalWidth), Tone.DIM);
        }
        if (!hint.isEmpty()) {
            return line.add(GAP + hint, Tone.KEY);
        }
        if (speed && transfer.hasRate()) {
            line.add(GAP + left(Formats.rate(transfer.rate()), speedWidth));
        } else if (speed && eta) {
            line.add(GAP + " ".repeat(speedWidth));
        }
        String time = eta(transfer);
        if (eta && !time.isEmpty()) {
            line.add(GAP + time, transfer.state() == Transfer.State.VERIFIED ? Tone.DIM : Tone.NORMAL);
        }
        return line;
    }

    /** Time left while running, "average" beside a verified download's speed, else nothing. */
    private static String eta(Transfer transfer) {
        if (transfer.state() == Transfer.State.RUNNING && !transfer.checkingPart()) {
            return "ETA " + Formats.eta(transfer.etaSeconds());
        }
        return transfer.state() == Transfer.State.VERIFIED && transfer.hasRate() ? "average" : "";
    }

    private static String left(String text, int width) {
        return " ".repeat(Math.max(0, width - text.length())) + text;
    }

    private static String right(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
