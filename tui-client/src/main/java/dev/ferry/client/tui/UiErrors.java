package dev.ferry.client.tui;

import com.googlecode.lanterna.gui2.TextGUIThread;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the GUI thread does with an exception: log it (to the client's log file, never the
 * screen), tell the user in one line, and carry on. If the terminal itself fails, or errors keep
 * coming (more than {@value #BURST} in {@value #WINDOW_SECONDS} s), it records why the GUI must
 * stop, so the program can restore the terminal and say why.
 *
 * <p>{@link FerryScreen} registers it as the GUI thread's exception handler. Lanterna's
 * {@code processEventsAndUpdate} hands it every exception from input, posted work and drawing,
 * but ignores the answer and carries on; so the loop reads {@link #fatal} and {@link #count}
 * after each round, to stop, or to pause before it tries again.
 */
final class UiErrors implements TextGUIThread.ExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(UiErrors.class);
    static final int BURST = 20;
    static final int WINDOW_SECONDS = 5;

    private final ArrayDeque<Long> recent = new ArrayDeque<>();
    private final Consumer<String> report;
    private long count;
    private volatile String fatal;

    /** @param report shows a one-line message on screen; called on the GUI thread */
    UiErrors(Consumer<String> report) {
        this.report = report;
    }

    /** Why the GUI must stop, or null if no error has made it stop. */
    String fatal() {
        return fatal;
    }

    /** Errors so far; GUI thread only. */
    long count() {
        return count;
    }

    /** A failing terminal: the GUI must stop. Returns true (stop). */
    @Override
    public boolean onIOException(IOException e) {
        count++;
        log.error("the terminal failed", e);
        stop("the terminal failed: " + e.getMessage());
        return true;
    }

    /** A bug: reported in one line; true (stop) if they keep coming. */
    @Override
    public boolean onRuntimeException(RuntimeException e) {
        count++;
        log.error("error on the UI thread", e);
        long now = System.nanoTime();
        recent.addLast(now);
        while (!recent.isEmpty() && now - recent.peekFirst() > WINDOW_SECONDS * 1_000_000_000L) {
            recent.removeFirst();
        }
        if (recent.size() > BURST) {
            stop("internal error: " + e);
            return true;
        }
        try {
            report.accept("internal error: " + e + " (details in the log)");
        } catch (RuntimeException again) {
            log.error("could not report the error on screen", again);
        }
        return false;
    }

    /** Something the GUI thread cannot go on from (an {@link Error}, a bug in the loop itself). */
    void onFatal(Throwable e) {
        count++;
        log.error("the UI thread failed", e);
        stop("internal error: " + e);
    }

    private void stop(String why) {
        if (fatal == null) {
            fatal = why;
        }
    }
}
