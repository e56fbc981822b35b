package dev.ferry.client.cli;

import dev.ferry.client.Download;
import dev.ferry.client.DownloadListener;
import dev.ferry.client.Formats;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Progress bars for {@code ferry get} on a terminal: one line per download, redrawn in place at
 * most ten times a second, with percent, bytes, speed and time left.
 */
final class TerminalProgress implements DownloadListener {
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int BAR = 24;
    private static final int NAME = 24;

    private final PrintWriter err;
    private final List<Download> downloads;
    private final long started = System.nanoTime();
    private long lastDraw;
    private int linesDrawn;

    TerminalProgress(PrintWriter err, List<Download> downloads) {
        this.err = err;
        this.downloads = downloads;
    }

    @Override
    public synchronized void progress(Download download, long received, long size) {
        long now = System.nanoTime();
        if (now - lastDraw < REDRAW_NANOS && received < size) {
            return;
        }
        lastDraw = now;
        draw();
    }

    /** Draws the final state; called once every download has ended. */
    synchronized void finish() {
        if (linesDrawn > 0) {
            draw();
        }
    }

    private void draw() {
        StringBuilder screen = new StringBuilder();
        if (linesDrawn > 0) {
            screen.append("\033[").append(linesDrawn).append('A');
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        for (Download d : downloads) {
            screen.append('\r').append(line(d, seconds)).append("\033[K\n");
        }
        linesDrawn = downloads.size();
        err.print(screen);
        err.flush();
    }

    private static String line(Download d, double seconds) {
        String name = d.name().length() > NAME ? "…" + d.name().substring(d.name().length() - NAME + 1) : d.name();
        long size = d.size();
        if (size < 0) {
            return String.format(Locale.ROOT, "%-" + NAME + "s  waiting", name);
        }
        long received = d.received();
        double fraction = size == 0 ? 1 : (double) received / size;
        int filled = (int) Math.round(fraction * BAR);
        double rate = (received - d.resumedFrom()) / seconds;
        long eta = rate > 0 ? (long) ((size - received) / rate) : -1;
        return String.format(Locale.ROOT, "%-" + NAME + "s [%s%s] %3d%%  %s / %s  %s  ETA %s", name,
                "#".repeat(filled), "-".repeat(BAR - filled), (int) (fraction * 100), Formats.size(received),
                Formats.size(size), Formats.rate(rate), Formats.eta(eta));
    }
}
