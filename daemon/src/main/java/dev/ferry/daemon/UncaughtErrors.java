package dev.ferry.daemon;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of an exception no code caught: it is logged, never printed. An
 * {@link OutOfMemoryError} (even one wrapped, as a class's failed initialisation wraps it) means
 * threads of the daemon may have died half-way with their sockets open; ferryd then says so in its
 * log and exits with status 3, so that a service manager restarts it. The JVM's own
 * {@code -XX:+ExitOnOutOfMemoryError} would exit first and log nothing, and knows nothing of
 * native buffers running out.
 *
 * <p>Logging needs memory too: a reserve is held from the start and let go before the line is
 * written, and the line says what was running out.
 */
public final class UncaughtErrors implements Thread.UncaughtExceptionHandler {
    /** The exit status when memory ran out: the same the JVM itself uses. */
    public static final int OUT_OF_MEMORY_STATUS = 3;

    private static final Logger log = LoggerFactory.getLogger(UncaughtErrors.class);
    private static final UncaughtErrors INSTANCE = new UncaughtErrors();
    private static final AtomicBoolean exiting = new AtomicBoolean();
    @SuppressWarnings("unused") // held only to be let go
    private static volatile byte[] reserve = new byte[256 * 1024];

    private UncaughtErrors() {}

    /** The handler every ferryd thread has, and the JVM's default once {@link #install()} ran. */
    public static UncaughtErrors handler() {
        return INSTANCE;
    }

    /** Makes this the handler of every thread that has none of its own: the daemon's process calls it first. */
    public static void install() {
        Thread.setDefaultUncaughtExceptionHandler(INSTANCE);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable error) {
        OutOfMemoryError outOfMemory = outOfMemory(error);
        if (outOfMemory == null) {
            log.error("uncaught exception in {}", thread.getName(), error);
            return;
        }
        exit(thread, outOfMemory);
    }

    /**
     * For code that catches what ends a thread before the handler sees it (a scheduled task's
     * exception stays in its future): an {@link OutOfMemoryError} exits as an uncaught one would;
     * anything else is thrown on.
     */
    public static void rethrowUnlessOutOfMemory(Error error) {
        OutOfMemoryError outOfMemory = outOfMemory(error);
        if (outOfMemory != null) {
            INSTANCE.exit(Thread.currentThread(), outOfMemory);
        }
        throw error;
    }

    /** The {@link OutOfMemoryError} among {@code error} and its causes, or null. */
    static OutOfMemoryError outOfMemory(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private void exit(Thread thread, OutOfMemoryError error) {
        if (!exiting.compareAndSet(false, true)) {
            return; // one line is enough; the first thread exits
        }
        reserve = null;
        try {
            Runtime runtime = Runtime.getRuntime();
            log.error("out of memory in {} ({}): heap {} of at most {} MiB in use; ferryd exits with status {} so that it"
                    + " can be restarted", thread.getName(), error.getMessage(),
                    (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20, OUT_OF_MEMORY_STATUS);
            ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).stop();
        } catch (Throwable ignored) {
            // the exit below matters more than the line
        } finally {
            Runtime.getRuntime().halt(OUT_OF_MEMORY_STATUS);
        }
    }
}
