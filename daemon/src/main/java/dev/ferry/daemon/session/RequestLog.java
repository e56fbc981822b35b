package dev.ferry.daemon.session;

import dev.ferry.daemon.shared.NanoClock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * How much one session may write to the log about its requests: a few lines in each
 * {@link #WINDOW_SECONDS}-second window, one by one, then a count. A client that pipelines thousands
 * of bad requests (each logged with the name it asked for) could otherwise roll the whole log over
 * in seconds and take every record of who connected with it. What was not logged one by one is
 * summed up in one line, "4990 more requests from Client03 in the last 10 s: 4990 refused", when
 * the window is over (at the next request, the watchdog's next look, or the end of the session).
 *
 * <p>Connection records (connected, disconnected, dropped) never pass through here: they are
 * always written. Thread-safe: requests are logged by the reader, transfers by the threads that
 * finish them.
 */
final class RequestLog {
    /** The window, in seconds. */
    static final long WINDOW_SECONDS = 10;
    /** Lines per window written one by one. */
    static final int LINES_PER_WINDOW = 20;

    private final Logger log;
    private final NanoClock ticker;
    private final Supplier<String> who;
    private long windowStart;
    private int lines;
    /** What was not written, by kind ("refused", "sent"...), in this window. */
    private final Map<String, Long> held = new TreeMap<>();

    RequestLog(Logger log, NanoClock ticker, Supplier<String> who) {
        this.log = log;
        this.ticker = ticker;
        this.who = who;
        this.windowStart = ticker.nanoTime();
    }

    /**
     * True if a line of {@code kind} about a request may be written now; otherwise it is counted for
     * the summary. Closes the window first if it is over.
     */
    boolean admit(String kind) {
        String summary;
        boolean admitted;
        synchronized (this) {
            summary = rollOver(ticker.nanoTime());
            admitted = lines < LINES_PER_WINDOW;
            if (admitted) {
                lines++;
            } else {
                held.merge(kind, 1L, Long::sum);
            }
        }
        write(summary);
        return admitted;
    }

    /** Writes the summary if the window is over; the watchdog calls this, so a flood that stops is summed up all the same. */
    void flushIfDue() {
        String summary;
        synchronized (this) {
            summary = rollOver(ticker.nanoTime());
        }
        write(summary);
    }

    /** Writes what is held, window over or not: the session is ending. */
    void flush() {
        String summary;
        synchronized (this) {
            summary = summary(ticker.nanoTime());
            held.clear();
        }
        write(summary);
    }

    private String rollOver(long now) {
        if (now - windowStart < TimeUnit.SECONDS.toNanos(WINDOW_SECONDS)) {
            return null;
        }
        String summary = summary(now);
        held.clear();
        lines = 0;
        windowStart = now;
        return summary;
    }

    private String summary(long now) {
        if (held.isEmpty()) {
            return null;
        }
        long total = held.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder text = new StringBuilder();
        text.append(total).append(" more requests from ").append(who.get()).append(" in the last ")
                .append(Math.max(1, TimeUnit.NANOSECONDS.toSeconds(now - windowStart))).append(" s, not logged one by one:");
        String sep = " ";
        for (Map.Entry<String, Long> kind : held.entrySet()) {
            text.append(sep).append(kind.getValue()).append(' ').append(kind.getKey());
            sep = ", ";
        }
        return text.toString();
    }

    private void write(String summary) {
        if (summary != null) {
            log.info(summary);
        }
    }
}
