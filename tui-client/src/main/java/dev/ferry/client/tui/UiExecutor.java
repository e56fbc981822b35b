package dev.ferry.client.tui;

import com.googlecode.lanterna.gui2.TextGUIThread;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;

/**
 * The way onto the GUI thread for every other thread: the connection's reader, the progress
 * ticker, the reconnecting worker. Work posted before the GUI runs is held and handed over, in
 * order, when it starts; work posted after the GUI has stopped is dropped, and {@link #post} says
 * so, so the poster can clean up after itself. Posting wakes the GUI thread.
 */
final class UiExecutor implements Executor {
    private final Object lock = new Object();
    private final List<Runnable> held = new ArrayList<>();
    private TextGUIThread thread;
    private Thread wake;
    private boolean closed;

    @Override
    public void execute(Runnable task) {
        post(task);
    }

    /** Runs {@code task} on the GUI thread later; false if the GUI has stopped and it never will. */
    boolean post(Runnable task) {
        Thread waker;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (thread == null) {
                held.add(task);
                return true;
            }
            thread.invokeLater(task);
            waker = wake;
        }
        LockSupport.unpark(waker);
        return true;
    }

    /** The GUI thread is running: hands it what was held, and wakes {@code waker} for each new task. */
    void attach(TextGUIThread running, Thread waker) {
        synchronized (lock) {
            thread = running;
            wake = waker;
            held.forEach(running::invokeLater);
            held.clear();
        }
        LockSupport.unpark(waker);
    }

    /** The GUI has stopped: nothing more will run. */
    void close() {
        synchronized (lock) {
            closed = true;
            held.clear();
        }
    }
}
