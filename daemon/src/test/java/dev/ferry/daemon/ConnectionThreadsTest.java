package dev.ferry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ConnectionThreadsTest {

    @Test
    void eachTaskRunsOnAVirtualThreadFromJava21AndOnANamedPlatformThreadBefore() throws Exception {
        AtomicReference<Thread> ran = new AtomicReference<>();
        ExecutorService executor = ConnectionThreads.perTask("ferry-test");
        try {
            executor.submit(() -> ran.set(Thread.currentThread())).get(5, TimeUnit.SECONDS);
        } finally {
            executor.shutdown();
            assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        }
        Thread thread = ran.get();
        assertThat(thread.getName()).isEqualTo("ferry-test-1");
        assertThat(thread.isDaemon()).isTrue();
        assertThat(isVirtual(thread)).isEqualTo(Runtime.version().feature() >= 21);
        assertThat(ConnectionThreads.virtual()).isEqualTo(Runtime.version().feature() >= 21);
    }

    private static boolean isVirtual(Thread thread) throws Exception {
        if (Runtime.version().feature() < 21) {
            return false;
        }
        return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
    }
}
