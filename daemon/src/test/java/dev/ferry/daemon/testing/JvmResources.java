package dev.ferry.daemon.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** What this JVM holds right now: its threads by name and its open file descriptors (Linux). */
public final class JvmResources {
    private static final Path FDS = Path.of("/proc/self/fd");

    private JvmResources() {}

    /** Names of live threads that contain {@code fragment}. */
    public static List<String> threadsNamed(String fragment) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).filter(n -> n.contains(fragment)).sorted().toList();
    }

    /**
     * Waits, at most {@code within}, for the live threads whose names contain {@code fragment} to
     * end, and returns the names of those still there. A session's count drops as its threads
     * finish their work, a moment before they end: this joins them, rather than looking once.
     */
    public static List<String> threadsStillNamed(String fragment, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            if (thread.getName().contains(fragment)) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return threadsNamed(fragment);
    }

    /** True where open descriptors can be listed, as on Linux. */
    public static boolean canCountDescriptors() {
        return Files.isDirectory(FDS);
    }

    /** Open descriptors whose target (a path, or {@code socket:[inode]}) passes {@code target}. */
    public static long descriptors(Predicate<String> target) throws IOException {
        try (Stream<Path> fds = Files.list(FDS)) {
            return fds.map(JvmResources::targetOf).filter(target).count();
        }
    }

    private static String targetOf(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return ""; // closed while we looked, or the listing's own descriptor
        }
    }
}
