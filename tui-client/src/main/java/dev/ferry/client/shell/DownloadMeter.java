package dev.ferry.client.shell;

import dev.ferry.client.term.ProgressLine.Figures;
import dev.ferry.client.term.ProgressLine;
import dev.ferry.client.term.Speed;
import dev.ferry.client.transfer.FileTransfer;
import dev.ferry.protocol.Text;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shell's one-line transfer meter: name, percent, bytes, speed and time left of the download
 * or upload running, or of all of them together ({@code 3 files}) when there are several. Each download's
 * speed counts from its own first byte. Used by the shell's thread only; the times are those
 * at which the reader thread saw each step.
 */
final class DownloadMeter {
    private final Map<FileTransfer<?>, Speed> running = new LinkedHashMap<>();

    /** {@code download}'s first byte is about to arrive. */
    void started(FileTransfer<?> download, long atNanos) {
        running.computeIfAbsent(download, d -> new Speed()).started(atNanos, download.resumedFrom());
    }

    /** {@code download} has moved on. */
    void progressed(FileTransfer<?> download, long atNanos) {
        Speed speed = running.get(download);
        if (speed != null) {
            speed.progress(atNanos, download.done(), download.size());
        }
    }

    /** {@code download} is over, verified or not. */
    void ended(FileTransfer<?> download) {
        running.remove(download);
    }

    boolean isEmpty() {
        return running.isEmpty();
    }

    /** The meter, narrower than {@code columns}; null when nothing runs. */
    String line(long nowNanos, int columns) {
        if (running.isEmpty()) {
            return null;
        }
        long size = 0;
        long received = 0;
        double rate = 0;
        long elapsed = 0;
        for (Map.Entry<FileTransfer<?>, Speed> entry : running.entrySet()) {
            FileTransfer<?> d = entry.getKey();
            size += d.size();
            received += d.done();
            rate += Math.max(0, entry.getValue().rate(nowNanos, d.done()));
            elapsed = Math.max(elapsed, entry.getValue().elapsedNanos(nowNanos));
        }
        String label = running.size() == 1 ? Text.printable(running.keySet().iterator().next().name())
                : running.size() + " files";
        long left = rate > 0 ? (long) Math.ceil((size - received) / rate) : -1;
        Figures figures = new Figures(label, size, received, rate > 0 ? rate : -1, left, TimeUnit.NANOSECONDS.toSeconds(elapsed));
        return ProgressLine.line(figures, columns);
    }
}
