package dev.ferry.client.tui;

import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Threads for the UI's own workers: named for what they serve, daemon, and failures logged. */
final class Threads {
    private static final Logger log = LoggerFactory.getLogger(Threads.class);

    private Threads() {}

    /** A factory for the one thread of a single-thread executor called {@code name}. */
    static ThreadFactory named(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> log.error("uncaught exception in {}", t.getName(), e));
            return thread;
        };
    }
}
