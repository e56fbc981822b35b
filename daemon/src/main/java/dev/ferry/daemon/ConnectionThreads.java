package dev.ferry.daemon;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executors that give each connection its reader and writer. On Java 21 and newer every task
 * gets a virtual thread: a blocked read or write then holds a few hundred bytes of heap instead of
 * a platform thread's stack, which is what a thousand mostly idle clients cost before. On Java 17
 * the tasks share a cached pool of platform threads. Ferry is built for Java 17, so the Java 21 API
 * is reached by reflection, once per executor.
 *
 * <p>Connection code blocks on sockets outside any monitor (the write path takes its lock only
 * around bookkeeping), so a virtual thread never blocks its carrier on I/O even before Java 24.
 */
public final class ConnectionThreads {
    private static final Logger log = LoggerFactory.getLogger(ConnectionThreads.class);
    private static final Thread.UncaughtExceptionHandler LOG_IT =
            (t, e) -> log.error("uncaught exception in {}", t.getName(), e);

    private ConnectionThreads() {}

    /** Whether this runtime gives each connection task a virtual thread. */
    public static boolean virtual() {
        return Runtime.version().feature() >= 21;
    }

    /** An executor with one new thread per task, its threads named {@code PREFIX-N}. */
    public static ExecutorService perTask(String prefix) {
        if (!virtual()) {
            return Executors.newCachedThreadPool(new NamedThreads(prefix));
        }
        try {
            Class<?> builderType = Class.forName("java.lang.Thread$Builder");
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix + "-", 1L);
            builder = builderType.getMethod("uncaughtExceptionHandler", Thread.UncaughtExceptionHandler.class)
                    .invoke(builder, LOG_IT);
            ThreadFactory threads = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
            Method executor = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
            return (ExecutorService) executor.invoke(null, threads);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("virtual threads unavailable on Java {}, using platform threads: {}", Runtime.version(), e.toString());
            return Executors.newCachedThreadPool(new NamedThreads(prefix));
        }
    }
}
