package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.DaemonProcess;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * However many clients ask without reading, ferryd's memory holds: a real ferryd with a 64 MiB
 * heap, every slot but one taken by a client that sends HELLO and then 40,000 HELPs in one write
 * (28 MB of replies each) and never reads, while the last client downloads 64 MiB.
 */
@Timeout(180)
class MemoryFloodTest {
    static final int HELPS = 40_000;
    static final long SIZE = 64L << 20;
    static final int FIRST_WINDOW = 1 << 20;
    static final Pattern GC = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    /** Why each client that left did, as the downloader was told. */
    final List<String> left = new java.util.concurrent.CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--max-clients {0}")
    @ValueSource(ints = {3, 8, 64})
    void clientsThatAskWithoutReadingCannotExhaustTheHeapAndADownloadCompletes(int maxClients) throws Exception {
        Path repository = dir.resolve("files");
        TestDaemon.fill(repository);
        String expected = bigFile(repository.resolve("big.bin"));
        Path log = dir.resolve("logs").resolve("ferryd.log");
        Path gcLog = dir.resolve("gc.log");
        int flooders = maxClients - 1;
        ExecutorService pool = Executors.newFixedThreadPool(flooders);
        try (DaemonProcess ferryd = DaemonProcess.start(
                List.of("-Xmx64m", "-XX:+UseSerialGC", "-Xss256k", "-Xlog:gc:file=" + gcLog),
                "--port", "0", "--repo", repository.toString(), "--log-file", log.toString(),
                "--max-clients", Integer.toString(maxClients), "--write-timeout", "3");
                RawClient downloader = RawClient.admitted(ferryd.address())) {
            downloader.send(1, new Message.Get("big.bin", 0, FIRST_WINDOW));
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long received = receive(downloader, digest, FIRST_WINDOW);

            byte[] flood = helps();
            CountDownLatch flooding = new CountDownLatch(flooders);
            List<Future<RawClient>> floods = new ArrayList<>();
            for (int i = 0; i < flooders; i++) {
                floods.add(pool.submit(() -> flood(ferryd, flood, flooding)));
            }
            assertThat(flooding.await(60, TimeUnit.SECONDS)).as(() -> "every flooder admitted and flooding; "
                    + floods.stream().filter(Future::isDone).map(MemoryFloodTest::failure).toList()).isTrue();

            long widened = System.nanoTime();
            downloader.send(1, new Message.Window((int) (SIZE - FIRST_WINDOW)));
            received += receive(downloader, digest, SIZE - FIRST_WINDOW);
            Frame end = nextControl(downloader);
            long downloadMillis = (System.nanoTime() - widened) / 1_000_000;
            String got = HexFormat.of().formatHex(digest.digest());
            assertThat(end.message()).isInstanceOfSatisfying(Message.FileEnd.class,
                    fileEnd -> assertThat(fileEnd.hex()).isEqualTo(expected));
            assertThat(got).isEqualTo(expected);
            assertThat(received).isEqualTo(SIZE);

            List<RawClient> connections = new ArrayList<>();
            for (Future<RawClient> f : floods) {
                connections.add(f.get(60, TimeUnit.SECONDS));
            }
            while (left.size() < flooders) { // each read of the downloader's is bounded by its read timeout
                if (downloader.next().message() instanceof Message.Left gone) {
                    left.add(gone.reason());
                }
            }
            for (RawClient client : connections) {
                client.close();
            }
            downloader.send(2, new Message.Ping(2));
            assertThat(nextControl(downloader).message()).isEqualTo(new Message.Pong(2));
            assertThat(ferryd.isAlive()).isTrue();
            // the others hear LEFT before the session's thread writes its last log line: a graceful
            // stop waits for every session to finish, so the log is whole once ferryd has exited
            ferryd.terminate();
            assertThat(ferryd.awaitExit(Duration.ofSeconds(30))).as("ferryd exits after SIGTERM").hasValue(0);
            String logged = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(logged).doesNotContain("OutOfMemoryError").doesNotContain("out of memory");
            long throttled = logged.lines().filter(l -> l.contains("asks faster than it reads its replies")).count();
            long dropped = logged.lines().filter(l -> l.contains("disconnected: write timeout")).count();
            assertThat(dropped).as("flooders dropped at the write timeout, with the reason logged").isEqualTo(flooders);
            assertThat(left).as("why each flooder was dropped, as the others are told").hasSize(flooders)
                    .allMatch(reason -> reason.startsWith("write timeout"));
            int[] heap = peakHeap(gcLog);
            Figures.record("memory", "ferryd -Xmx64m --max-clients " + maxClients + ": " + flooders + " clients each sent HELLO"
                    + " and " + HELPS + " HELPs in one write (" + (HELPS * 700L / 1_000_000) + " MB of replies each) and never"
                    + " read; " + throttled + " throttled, " + dropped + " dropped at the write timeout (3 s); meanwhile a 64 MiB"
                    + " download completed intact in " + downloadMillis + " ms; heap after GC at most " + heap[0] + " MiB (at"
                    + " most " + heap[1] + " MiB before a GC, " + heap[2] + " collections)");
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Connects, is admitted, sends the whole flood and reads nothing more; returns the connection,
     * still open, once the kernel took the flood or the daemon dropped it.
     */
    private static RawClient flood(DaemonProcess ferryd, byte[] flood, CountDownLatch flooding) throws IOException {
        RawClient client = RawClient.admitted(ferryd.address());
        int first = 64 * 1024;
        RawClient.write(client.socket(), java.util.Arrays.copyOf(flood, first), RawClient.WRITE_DEADLINE);
        flooding.countDown();
        try {
            RawClient.write(client.socket(), java.util.Arrays.copyOfRange(flood, first, flood.length), RawClient.WRITE_DEADLINE);
        } catch (RawClient.WriteDeadlineException e) {
            throw e;
        } catch (IOException e) {
            // dropped while the write waited: as expected of a client that never reads
        }
        return client;
    }

    /** Why a flooder that ended early did, for the failure message. */
    private static String failure(Future<RawClient> flood) {
        try {
            flood.get();
            return "admitted";
        } catch (java.util.concurrent.ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static byte[] helps() {
        ByteBuffer all = ByteBuffer.allocate(HELPS * Wire.HEADER_SIZE);
        for (int i = 1; i <= HELPS; i++) {
            all.put(MessageCodec.encode(i, new Message.Help()));
        }
        return all.array();
    }

    /** Reads DATA until {@code bytes} have come, hashing them. */
    private long receive(RawClient client, MessageDigest digest, long bytes) throws IOException {
        long received = 0;
        while (received < bytes) {
            Frame frame = client.next();
            if (frame.message() instanceof Message.Data) {
                byte[] data = client.data();
                digest.update(data);
                received += data.length;
            } else if (frame.message() instanceof Message.Left gone) {
                left.add(gone.reason());
            } else if (!(frame.message() instanceof Message.FileHeader) && !(frame.message() instanceof Message.Event)) {
                throw new AssertionError("unexpected " + frame.message());
            }
        }
        return received;
    }

    /** The next frame that is not an event; the reasons of LEFT events go to {@link #left}. */
    private Frame nextControl(RawClient client) throws IOException {
        for (;;) {
            Frame frame = client.next();
            if (frame.message() instanceof Message.Left gone) {
                left.add(gone.reason());
            }
            if (!(frame.message() instanceof Message.Event)) {
                return frame;
            }
        }
    }

    private static String bigFile(Path file) throws Exception {
        byte[] block = new byte[1 << 20];
        new Random(11).nextBytes(block);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < SIZE / block.length; i++) {
                block[0] = (byte) i;
                out.write(block);
                digest.update(block);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The most the heap held after a collection, the most before one, and how many there were, from the GC log. */
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
