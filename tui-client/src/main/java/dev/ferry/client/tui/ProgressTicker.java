package dev.ferry.client.tui;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redraws download progress a few times a second while downloads run, however fast the chunks
 * come: the connection only updates counters, and this samples them on the GUI thread. Never more
 * than one sample waits for the GUI thread at a time. Owns its timer thread; close it to stop it.
 */
final class ProgressTicker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProgressTicker.class);

    private final UiExecutor ui;
    private final DownloadsPane downloads;
    private final Duration period;
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Threads.named("ferry-ui-progress"));

    ProgressTicker(UiExecutor ui, DownloadsPane downloads, Duration period) {
        this.ui = ui;
        this.downloads = downloads;
        this.period = period;
    }

    void start() {
        long nanos = period.toNanos();
        timer.scheduleAtFixedRate(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    private void tick() {
        if (downloads.activeCount() == 0 || !waiting.compareAndSet(false, true)) {
            return;
        }
        boolean posted = ui.post(() -> {
            waiting.set(false);
            downloads.tick(System.nanoTime());
        });
        if (!posted) {
            waiting.set(false);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(2, TimeUnit.SECONDS)) {
                log.warn("the progress ticker did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
