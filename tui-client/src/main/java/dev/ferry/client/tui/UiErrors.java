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
 * coming (more than {@value #BURST} in {@value #WINDOW_SECONDS} s), it stops the GUI so the program
 * can restore the terminal and say why.
 */
final class UiErrors implements TextGUIThread.ExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(UiErrors.class);
    static final int BURST = 20;
    static final int WINDOW_SECONDS = 5;

    private final ArrayDeque<Long> recent = new ArrayDeque<>();
    private final Consumer<String> report;
    private volatile String fatal;

    /** @param report shows a one-line message on screen; called on the GUI thread */
    UiErrors(Consumer<String> report) {
        this.report = report;
    }

    /** Why the GUI was stopped, or null if it was not stopped by an error. */
    String fatal() {
        return fatal;
    }

    @Override
    public boolean onIOException(IOException e) {
        log.error("the terminal failed", e);
        fatal = "the terminal failed: " + e.getMessage();
        return true;
    }

    @Override
    public boolean onRuntimeException(RuntimeException e) {
        log.error("error on the UI thread", e);
        long now = System.nanoTime();
        recent.addLast(now);
        while (!recent.isEmpty() && now - recent.peekFirst() > WINDOW_SECONDS * 1_000_000_000L) {
            recent.removeFirst();
        }
        if (recent.size() > BURST) {
            fatal = "internal error: " + e;
            return true;
        }
        try {
            report.accept("internal error: " + e + " (details in the log)");
        } catch (RuntimeException again) {
            log.error("could not report the error on screen", again);
        }
        return false;
    }
}
