package dev.ferry.daemon.writer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one lock of a connection's writer. It guards the {@link ControlQueue}, the {@link dev.ferry.daemon.transfer.Rotation}
 * and the {@link WriterLifecycle}'s state, so that what there is to send and who will send it are
 * decided together.
 *
 * <p>The rule is checked, not described: every method that reads or changes guarded state begins
 * with {@code assert lock.isHeldByCurrentThread()}, and the daemon's tests run with assertions on.
 * Nothing that can block (a write, a {@code sendfile}, closing a file) is done while holding it.
 *
 * <p>One condition serves every wait: {@link #signalChanged()} after anything a waiter may be
 * waiting for (room in the queue, the connection ending, the writer going idle).
 */
final class WriterLock extends ReentrantLock {
    private static final long serialVersionUID = 1L;

    private final transient Condition changed = newCondition();

    /** Under the lock: wakes every thread waiting in {@link #awaitChanged}. */
    void signalChanged() {
        assert isHeldByCurrentThread() : "signalled without the writer's lock";
        changed.signalAll();
    }

    /**
     * Under the lock: waits for a {@link #signalChanged()} or until {@code nanos} have passed.
     * Returns the nanoseconds left, as {@link Condition#awaitNanos} does.
     */
    long awaitChanged(long nanos) throws InterruptedException {
        assert isHeldByCurrentThread() : "waited without the writer's lock";
        return changed.awaitNanos(nanos);
    }

    /** Under the lock: {@link #awaitChanged} for at most {@code millis}. */
    void awaitChangedMillis(long millis) throws InterruptedException {
        awaitChanged(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
