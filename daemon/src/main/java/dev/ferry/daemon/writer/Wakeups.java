package dev.ferry.daemon.writer;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The writer's wake-ups that come later rather than at once, on the daemon's timer: events that
 * wait a moment for company ({@link #eventQueued}), and file data that waits for the pacer
 * ({@link #after}). At most one of each is on its way at a time.
 *
 * <p>Guarded by the {@link WriterLock}, like the rest of the writer's state: the methods that
 * schedule assert that their caller holds it, and the wake-ups take it when they come.
 */
final class Wakeups {
    /** How long an event may wait for company before it is written, unless its sender says longer. */
    static final long EVENT_DELAY_MILLIS = 20;

    private final WriterLock lock;
    private final ScheduledExecutorService timer;
    /** Under the lock: gets the writer going (see {@link ReaderHold#wake()}). */
    private final Runnable wake;
    /** Under the lock: nothing more may be queued, the goodbye aside. */
    private final BooleanSupplier closed;
    /** An event wake-up is on its way. */
    private boolean eventsDue;
    /** A wake-up is on its way for when the pacer grants more. */
    private boolean pacedWakeDue;

    Wakeups(WriterLock lock, ScheduledExecutorService timer, Runnable wake, BooleanSupplier closed) {
        this.lock = lock;
        this.timer = timer;
        this.wake = wake;
        this.closed = closed;
    }

    /**
     * Under the lock: an event was queued while no writer runs. It waits up to {@code delayMillis}
     * (at least {@link #EVENT_DELAY_MILLIS}) for others to join it, so a storm of events costs a
     * write every few milliseconds rather than one per event; if a wake-up is on its way already,
     * it rides along. If the timer takes no more work (the daemon is stopping), the writer is woken
     * now.
     */
    void eventQueued(long delayMillis) {
        assert lock.isHeldByCurrentThread() : "an event wake-up is scheduled under the writer's lock";
        if (eventsDue) {
            return;
        }
        eventsDue = true;
        try {
            timer.schedule(this::eventsDue, Math.max(EVENT_DELAY_MILLIS, delayMillis), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            wake.run();
        }
    }

    /** Under the lock: true while an event wake-up is on its way. */
    boolean eventsPending() {
        assert lock.isHeldByCurrentThread() : "the writer's wake-ups are read under its lock";
        return eventsDue;
    }

    /** Under the lock: a transfer waits for the pacer alone; the writer comes back for it in {@code nanos}. */
    void after(long nanos) {
        assert lock.isHeldByCurrentThread() : "a paced wake-up is scheduled under the writer's lock";
        if (pacedWakeDue) {
            return;
        }
        pacedWakeDue = true;
        try {
            timer.schedule(this::pacedWake, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            pacedWakeDue = false; // the daemon is stopping: nothing more will be sent
        }
    }

    private void eventsDue() {
        lock.lock();
        try {
            eventsDue = false;
            wake.run();
        } finally {
            lock.unlock();
        }
    }

    private void pacedWake() {
        lock.lock();
        try {
            pacedWakeDue = false;
            if (!closed.getAsBoolean()) {
                wake.run();
            }
        } finally {
            lock.unlock();
        }
    }
}
