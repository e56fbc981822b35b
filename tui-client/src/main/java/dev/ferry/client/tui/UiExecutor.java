package dev.ferry.client.tui;

import com.googlecode.lanterna.gui2.TextGUIThread;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The way onto the GUI thread for every other thread: the connection's reader, the progress
 * ticker, the reconnecting worker. Work posted before the GUI runs is held and handed over, in
 * order, when it starts; work posted after the GUI has stopped is dropped, and {@link #post} says
 * so, so the poster can clean up after itself.
 */
final class UiExecutor implements Executor {
    private final Object lock = new Object();
    private final List<Runnable> held = new ArrayList<>();
    private TextGUIThread thread;
    private boolean closed;

    @Override
    public void execute(Runnable task) {
        post(task);
    }

    /** Runs {@code task} on the GUI thread later; false if the GUI has stopped and it never will. */
    boolean post(Runnable task) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (thread == null) {
                held.add(task);
                return true;
            }
            try {
                thread.invokeLater(task);
                return true;
            } catch (IllegalStateException stopped) {
                closed = true;
                return false;
            }
        }
    }

    /** The GUI thread is running: hands it what was held. */
    void attach(TextGUIThread running) {
        synchronized (lock) {
            thread = running;
            held.forEach(running::invokeLater);
            held.clear();
        }
    }

    /** The GUI has stopped: nothing more will run. */
    void close() {
        synchronized (lock) {
            closed = true;
            held.clear();
        }
    }
}
