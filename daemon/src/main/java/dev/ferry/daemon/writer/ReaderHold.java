package dev.ferry.daemon.writer;

import dev.ferry.daemon.shared.MemoryBudget;
import dev.ferry.daemon.transfer.Rotation;
import java.util.function.BooleanSupplier;

/**
 * The reader thread's part in writing: it holds back the replies it queues while it handles
 * requests, and writes them itself before it waits for the client again, if no writer task is
 * running ({@link #flush}), so a reply costs no wake-up of another thread. And it stops reading
 * while too many replies wait ({@link #awaitRoom}), which holds a client that asks faster than it
 * reads to the pace at which it reads.
 *
 * <p>Whatever else queues something (a writer task, a digest finishing, another client's event)
 * gets a writer task going ({@link #wake}). Guarded by the {@link WriterLock}, like the rest of
 * the writer's state; {@link #holder} alone is read without it, and only the reader sets it.
 */
final class ReaderHold {
    private final WriterLock lock;
    private final ControlQueue control;
    private final Rotation rotation;
    private final WriterLifecycle writer;
    private final WriteLoop loop;
    /** Under the lock: nothing more may be queued, the goodbye aside. */
    private final BooleanSupplier closed;
    /** The reader stops reading while this much waits to be written. */
    private final long pauseAt;
    /** The reader thread while it holds back what it queues, to write it itself at its next {@link #flush}. */
    private volatile Thread holder;
    /** The holder queued something since its last flush. */
    private boolean heldBack;

    ReaderHold(WriterLock lock, ControlQueue control, Rotation rotation, WriterLifecycle writer, WriteLoop loop,
            BooleanSupplier closed, long pauseAt) {
        this.lock = lock;
        this.control = control;
        this.rotation = rotation;
        this.writer = writer;
        this.loop = loop;
        this.closed = closed;
        this.pauseAt = pauseAt;
    }

    /**
     * Under the lock: something new waits to be sent. The reader, while it holds, keeps it for its
     * next {@link #flush}; anyone else gets a writer task going, unless one is running already.
     */
    void wake() {
        assert lock.isHeldByCurrentThread() : "the writer is woken under its lock";
        if (Thread.currentThread() == holder) {
            heldBack = true;
            return;
        }
        writer.schedule();
    }

    /** See {@link Outbound#holdReplies()}. */
    void hold() {
        holder = Thread.currentThread();
    }

    /** See {@link Outbound#stopHolding()}. */
    void stopHolding() {
        holder = null;
        flush();
    }

    /**
     * Sends what the reader queued since its last flush. The one place that decides who writes a
     * reply. If no writer task is running or scheduled, the reader writes at once, on its own
     * thread, what it can without waiting (one write at most: see {@link WriteLoop}) and hands
     * the rest to a task; otherwise the task, which sends everything queued, finds it.
     */
    void flush() {
        lock.lock();
        try {
            if (!heldBack) {
                return;
            }
            heldBack = false;
            if (control.isEmpty() && rotation.isEmpty()) {
                return; // sent already, by the reader's last turn or by a task
            }
            if (!writer.claimForReader()) {
                return; // a task is running and will find it, or nothing more is written
            }
        } finally {
            lock.unlock();
        }
        loop.runOnReader();
    }

    /**
     * While the replies waiting come to the pause point of the daemon's {@link MemoryBudget},
     * hands what the reader held back to the writer and waits for them to drain. Returns at once
     * once the connection is finishing or closed. True if the reader waited.
     */
    boolean awaitRoom() throws InterruptedException {
        lock.lock();
        try {
            if (control.bytes() < pauseAt || closed.getAsBoolean()) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        flush();
        lock.lock();
        try {
            while (control.bytes() >= pauseAt && !closed.getAsBoolean()) {
                lock.awaitChangedMillis(1000); // woken when replies drain or the connection ends; the timeout only guards against a lost wake-up
            }
        } finally {
            lock.unlock();
        }
        return true;
    }
}
