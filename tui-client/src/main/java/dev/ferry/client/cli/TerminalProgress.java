package dev.ferry.client.cli;

import dev.ferry.client.term.Columns;
import dev.ferry.client.term.Dimensions;
import dev.ferry.client.term.ProgressLine.Figures;
import dev.ferry.client.term.ProgressLine;
import dev.ferry.client.term.Speed;
import dev.ferry.client.transfer.Download;
import dev.ferry.client.transfer.DownloadListener;
import dev.ferry.client.transfer.FileTransfer;
import dev.ferry.client.transfer.Upload;
import dev.ferry.client.transfer.UploadListener;
import dev.ferry.protocol.Text;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Progress bars for {@code ferry get} and {@code ferry put} on a terminal: one line per file, redrawn in place at
 * most ten times a second, with percent, bytes, speed and time left. Every line is narrower than
 * the terminal ({@link ProgressLine}), so none wraps and moving the cursor up by the number of
 * lines drawn always lands on the first. When there are more files than the terminal has rows,
 * the ones still going are shown and the rest counted on a last line.
 */
final class TerminalProgress implements DownloadListener, UploadListener {
    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final PrintWriter err;
    private final Supplier<Dimensions> terminal;
    private final LongSupplier clock;
    private final List<FileTransfer<?>> downloads = new ArrayList<>();
    private final Map<FileTransfer<?>, Speed> speeds = new IdentityHashMap<>();
    /** What the files that are done are: "received" or "sent". */
    private final String doneWord;
    private long lastDraw;
    private int linesDrawn;

    TerminalProgress(PrintWriter err, Supplier<Dimensions> terminal, LongSupplier clock) {
        this(err, terminal, clock, "received");
    }

    TerminalProgress(PrintWriter err, Supplier<Dimensions> terminal, LongSupplier clock, String doneWord) {
        this.doneWord = doneWord;
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** Shows {@code download}, in the order added; call as each is started. */
    synchronized void add(FileTransfer<?> transfer) {
        track(transfer);
    }

    @Override
    public void started(Download download, long size, long resumedFrom) {
        started((FileTransfer<?>) download, resumedFrom);
    }

    @Override
    public void started(Upload upload, long size, long resumedFrom) {
        started((FileTransfer<?>) upload, resumedFrom);
    }

    @Override
    public void progress(Download download, long received, long size) {
        progress((FileTransfer<?>) download, received, size);
    }

    @Override
    public void progress(Upload upload, long sent, long size) {
        progress((FileTransfer<?>) upload, sent, size);
    }

    private synchronized void started(FileTransfer<?> transfer, long resumedFrom) {
        track(transfer).started(clock.getAsLong(), resumedFrom);
    }

    private synchronized void progress(FileTransfer<?> download, long received, long size) {
        long now = clock.getAsLong();
        track(download).progress(now, received, size);
        if (now - lastDraw < REDRAW_NANOS && received < size) {
            return;
        }
        lastDraw = now;
        draw(now);
    }

    /** Draws the final state; called once every download has ended. */
    synchronized void finish() {
        if (linesDrawn > 0) {
            draw(clock.getAsLong());
        }
    }

    private Speed track(FileTransfer<?> download) {
        Speed speed = speeds.get(download);
        if (speed == null) {
            speed = new Speed();
            speeds.put(download, speed);
            downloads.add(download);
        }
        return speed;
    }

    private void draw(long now) {
        Dimensions size = terminal.get();
        List<String> lines = lines(now, size);
        StringBuilder screen = new StringBuilder();
        if (linesDrawn > 0) {
            screen.append("\033[").append(linesDrawn).append('A');
        }
        for (String line : lines) {
            screen.append('\r').append(line).append("\033[K\n");
        }
        for (int i = lines.size(); i < linesDrawn; i++) {
            screen.append("\r\033[K\n"); // fewer lines than last time: blank the rest, keep the count
        }
        linesDrawn = Math.max(linesDrawn, lines.size());
        err.print(screen);
        err.flush();
    }

    /**
     * The lines to draw: every download if they fit the terminal's height; else the first of those
     * still going, and a line counting the rest.
     */
    List<String> lines(long now, Dimensions size) {
        int room = Math.max(1, size.rows() - 1);
        List<FileTransfer<?>> shown = downloads;
        String summary = null;
        if (downloads.size() > room) {
            shown = new ArrayList<>();
            int received = 0;
            for (FileTransfer<?> d : downloads) {
                if (speeds.get(d).done()) {
                    received++;
                } else if (shown.size() < room - 1) {
                    shown.add(d);
                }
            }
            int toCome = downloads.size() - received - shown.size();
            summary = shown.isEmpty() ? "all " + received + " " + doneWord
                    : "… " + received + " " + doneWord + (toCome > 0 ? ", " + toCome + " more to come" : "");
        }
        List<Figures> figures = new ArrayList<>();
        for (FileTransfer<?> d : shown) {
            figures.add(figures(d, speeds.get(d), now));
        }
        List<String> lines = new ArrayList<>(ProgressLine.lines(figures, size.columns()));
        if (summary != null) {
            lines.add(Columns.fit(summary, Math.max(1, size.columns() - 1)));
        }
        return lines;
    }

    private static Figures figures(FileTransfer<?> d, Speed speed, long now) {
        String label = Text.printable(d.name());
        long size = d.size();
        if (size < 0 || !speed.started()) {
            return Figures.waiting(label);
        }
        long received = d.done();
        return new Figures(label, size, received, speed.rate(now, received), speed.secondsLeft(now, received, size),
                TimeUnit.NANOSECONDS.toSeconds(speed.elapsedNanos(now)));
    }
}
