package dev.ferry.daemon;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes daemon threads named after what they serve; an uncaught exception is logged, never
 * printed, and running out of memory ends the process ({@link UncaughtErrors}).
 */
public final class NamedThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    public NamedThreads(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler(UncaughtErrors.handler());
        return thread;
    }
}
