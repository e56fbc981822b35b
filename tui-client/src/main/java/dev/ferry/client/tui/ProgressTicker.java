package dev.ferry.client.tui;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redraws download progress a few times a second while downloads run, however fast the chunks
 * come: the connection only updates counters, and each tick samples them on the GUI thread (and
 * lets the {@link SilenceWatch} look). Never more than one tick waits for the GUI thread at a
 * time, and none is posted while no download runs. Owns its timer thread; close it to stop it.
 */
final class ProgressTicker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProgressTicker.class);

    private final UiExecutor ui;
    private final TransfersPane downloads;
    private final LongConsumer tick;
    private final Duration period;
    private final AtomicBoolean waiting = new AtomicBoolean();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Threads.named("ferry-ui-progress"));

    /** @param tick what to do on the GUI thread each tick, given {@link System#nanoTime()} */
    ProgressTicker(UiExecutor ui, TransfersPane downloads, LongConsumer tick, Duration period) {
        this.ui = ui;
        this.downloads = downloads;
        this.tick = tick;
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
            tick.accept(System.nanoTime());
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
