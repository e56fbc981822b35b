package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.repository.Repository;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.Logged;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * LIST costs the daemon one reading of the repository per change, not one per request: 200
 * pipelined LISTs of a 3,010-file folder are answered from one listing, and a bad entry (a link
 * loop) is warned about once, not twice per LIST.
 */
@Timeout(120)
class ListingCostTest {
    private static final int FILES = 3010;
    private static final int LISTS = 200;

    @TempDir
    Path repository;

    TestDaemon daemon;
    RawClient client;

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void pipelinedListsOfABigFolderReadItOnceAndWarnOnce() throws IOException {
        daemon = TestDaemon.start(repository);
        Path root = daemon.repository();
        long seeded;
        try (var existing = Files.list(root)) {
            seeded = existing.count();
        }
        for (int i = 0; i < FILES - seeded; i++) {
            Files.writeString(root.resolve("file-%04d.txt".formatted(i)), "x");
        }
        Files.createSymbolicLink(root.resolve("loop"), root.resolve("loop"));
        // a folder that changed long ago: one changed within a clock tick of a LIST is read again
        Files.setLastModifiedTime(root, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Logged logged = Logged.from(Repository.class);
        try {
            client = RawClient.admitted(daemon.address());
            ByteArrayOutputStream lists = new ByteArrayOutputStream();
            for (int id = 1; id <= LISTS; id++) {
                ByteBuffer frame = MessageCodec.encode(id, new Message.ListFiles());
                lists.write(frame.array(), frame.arrayOffset() + frame.position(), frame.remaining());
            }
            long cpuBefore = daemonCpuNanos();
            long started = System.nanoTime();
            client.sendRaw(lists.toByteArray());
            int complete = 0;
            long entries = 0;
            while (complete < LISTS) {
                Frame frame = client.next();
                assertThat(frame.message()).isInstanceOf(Message.FileList.class);
                Message.FileList page = (Message.FileList) frame.message();
                entries += page.files().size();
                if (page.last()) {
                    complete++;
                }
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            long cpuMillis = (daemonCpuNanos() - cpuBefore) / 1_000_000;
            long loopWarnings = logged.lines().stream().filter(line -> line.contains("loop")).count();

            Figures.record("listing cost", LISTS + " pipelined LISTs of a " + entries / LISTS + "-file folder with a"
                    + " link loop: answered in " + millis + " ms, " + cpuMillis + " ms of CPU on the daemon's threads; "
                    + loopWarnings + " warning(s) about the loop");
            assertThat(entries).isEqualTo((long) LISTS * FILES);
            assertThat(loopWarnings).as("warnings about the link loop").isEqualTo(1);
        } finally {
            logged.stop();
        }
    }

    /** CPU used so far by the daemon's threads (named ferry-…) in this JVM. */
    private static long daemonCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("ferry-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }
}
