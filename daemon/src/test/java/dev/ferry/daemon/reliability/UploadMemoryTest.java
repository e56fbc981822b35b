package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.DaemonProcess;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.RawUpload;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.PutDone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight clients push uploads at a ferryd with a 64 MiB heap as fast as its windows let them (16 MiB
 * each, 128 MiB in all, twice the heap): ferryd writes what it reads through one buffer per
 * connection, so every upload completes and the heap stays small. A daemon that held the windows'
 * worth of data would run out of memory here.
 */
@Timeout(180)
class UploadMemoryTest {
    private static final int CLIENTS = 8;
    private static final int SIZE = 32 << 20;
    private static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    @TempDir
    Path sandbox;

    @Test
    void uploadsFromEveryClientAtOnceFitInASmallHeap() throws Exception {
        Path repository = Files.createDirectories(sandbox.resolve("files"));
        Path gcLog = sandbox.resolve("gc.log");
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (DaemonProcess ferryd = DaemonProcess.start(List.of("-Xmx64m", "-XX:+UseSerialGC", "-Xlog:gc:file=" + gcLog),
                "--port", "0", "--no-tls", "--uploads", "--min-free-space", "0", "--max-clients", String.valueOf(CLIENTS),
                "--repo", repository.toString(), "--log-file", sandbox.resolve("ferryd.log").toString())) {
            RawClient.plainTextAt(ferryd.address());
            try {
                long started = System.nanoTime();
                List<Future<Message>> uploads = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    int seed = i;
                    uploads.add(pool.submit(() -> {
                        try (RawClient client = RawClient.admitted(ferryd.address())) {
                            return RawUpload.upload(client, 1, "u" + seed + ".bin", RawUpload.content(SIZE, seed), false);
                        }
                    }));
                }
                for (Future<Message> upload : uploads) {
                    assertThat(upload.get(150, TimeUnit.SECONDS)).isEqualTo(new PutDone(SIZE, false));
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertThat(ferryd.isAlive()).isTrue();
                for (int i = 0; i < CLIENTS; i++) {
                    assertThat(Files.readAllBytes(repository.resolve("u" + i + ".bin"))).isEqualTo(RawUpload.content(SIZE, i));
                }
                int[] heap = peakHeap(gcLog);
                assertThat(heap[0]).as("MiB the heap held after a collection, at most").isLessThan(32);
                Figures.record("upload memory", CLIENTS + " clients uploading " + (SIZE >> 20) + " MiB each at once to ferryd"
                        + " with -Xmx64m (windows of 16 MiB each: " + (CLIENTS * 16) + " MiB granted in all): all verified in "
                        + millis + " ms; heap after GC at most " + heap[0] + " MiB, before a GC at most " + heap[1]
                        + " MiB (" + heap[2] + " collections)");
            } finally {
                RawClient.plainTextGone(ferryd.address());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int[] peakHeap(Path gcLog) throws IOException {
        int after = 0;
        int before = 0;
        int count = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = GC.matcher(line);
            if (m.find()) {
                before = Math.max(before, Integer.parseInt(m.group(1)));
                after = Math.max(after, Integer.parseInt(m.group(2)));
                count++;
            }
        }
        return new int[] {after, before, count};
    }
}
