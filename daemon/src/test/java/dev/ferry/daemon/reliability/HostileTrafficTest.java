package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random bytes, truncated and mutated frames thrown at a live daemon over many connections while
 * another client downloads: the daemon stays up, the download arrives intact, every attacking
 * connection is let go. The download is paced by the attack itself: the victim widens its window
 * by one step per attack finished, so it starts before the first attack and cannot end before
 * the last.
 */
@Timeout(180)
class HostileTrafficTest {
    static final int ATTACKS = 600;
    static final int ATTACKERS = 4;
    static final long SIZE = 64L << 20;
    static final int FIRST_WINDOW = 1 << 20;

    @TempDir
    Path repository;

    TestDaemon daemon;

    @AfterEach
    void stop() {
        daemon.close();
    }

    /** When the victim's download ran, and what it received. */
    record Download(long requested, long firstData, long ended, String sha256, int windows) {}

    @Test
    void garbageOnOtherConnectionsNeverHurtsADownloadOrTheDaemon() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.handshakeTimeout(Duration.ofMillis(500)).linger(Duration.ofMillis(200)));
        Path big = repository.resolve("big.bin");
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < SIZE / block.length; i++) {
                block[0] = (byte) i;
                out.write(block);
                expected.update(block);
            }
        }
        String expectedHex = HexFormat.of().formatHex(expected.digest());

        ExecutorService pool = Executors.newFixedThreadPool(ATTACKERS + 1);
        try {
            CountDownLatch downloading = new CountDownLatch(1);
            BlockingQueue<Long> attacksDone = new LinkedBlockingQueue<>();
            Future<Download> download = pool.submit(() -> pacedDownload("big.bin", downloading, attacksDone));
            assertThat(downloading.await(60, TimeUnit.SECONDS)).as("the download under way").isTrue();

            long attacksStarted = System.nanoTime();
            AtomicLong bytesThrown = new AtomicLong();
            List<Future<?>> attackers = new ArrayList<>();
            for (int worker = 0; worker < ATTACKERS; worker++) {
                int seed = worker;
                attackers.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < ATTACKS / ATTACKERS; i++) {
                        bytesThrown.addAndGet(attack(random, i));
                        attacksDone.add(System.nanoTime());
                    }
                    return null;
                }));
            }
            for (Future<?> attacker : attackers) {
                attacker.get(120, TimeUnit.SECONDS);
            }
            long attacksEnded = System.nanoTime();
            Download done = download.get(120, TimeUnit.SECONDS);
            assertThat(done.sha256()).isEqualTo(expectedHex);
            assertThat(done.firstData()).as("the download began before the first attack").isLessThan(attacksStarted);
            assertThat(done.ended()).as("the download ended after the last attack").isGreaterThan(attacksEnded);

            // every attack and the download, accepted and gone (attacks may sit in the accept queue a while)
            assertThat(daemon.daemon().awaitAccepted(ATTACKS + 1, Duration.ofSeconds(30))).isTrue();
            assertThat(daemon.daemon().awaitLiveSessions(0, Duration.ofSeconds(30))).isTrue();
            try (RawClient after = RawClient.admitted(daemon.address())) {
                after.send(1, new Message.Ping(1));
                Message answer = after.next().message();
                for (int i = 0; i < ATTACKS && answer instanceof Message.Event; i++) {
                    answer = after.next().message(); // attacks still in the accept backlog may come and go meanwhile
                }
                assertThat(answer).isEqualTo(new Message.Pong(1));
            }
            Figures.record("hostile traffic", ATTACKS + " attacking connections from " + ATTACKERS + " threads, "
                    + bytesThrown.get() + " bytes of random, truncated and mutated frames, over "
                    + (attacksEnded - attacksStarted) / 1_000_000 + " ms, all of it during one 64 MiB download (requested "
                    + (attacksStarted - done.requested()) / 1_000_000 + " ms before the first attack, its first data in before"
                    + " it; ended " + (done.ended() - attacksEnded) / 1_000_000 + " ms after the last attack; " + done.windows()
                    + " WINDOW frames): download intact (sha256 " + expectedHex.substring(0, 16)
                    + "…), daemon up, every attacking connection closed");
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A well-behaved client that downloads a file with a window it widens one step per finished
     * attack, the rest once every attack is done; returns when its data flowed and the digest of
     * what it received.
     */
    private Download pacedDownload(String name, CountDownLatch downloading, BlockingQueue<Long> attacksDone) throws Exception {
        try (RawClient client = RawClient.admitted(daemon.address())) {
            long requested = System.nanoTime();
            client.send(1, new Message.Get(name, 0, FIRST_WINDOW));
            long step = (SIZE - FIRST_WINDOW) / ATTACKS;
            long granted = FIRST_WINDOW;
            long received = 0;
            int windows = 0;
            long firstData = 0;
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (;;) {
                Frame frame = client.next();
                if (frame.message() instanceof Message.Data) {
                    byte[] data = client.data();
                    digest.update(data);
                    received += data.length;
                    if (firstData == 0) {
                        firstData = System.nanoTime();
                        downloading.countDown();
                    }
                    while (received == granted && granted < SIZE) {
                        assertThat(attacksDone.poll(60, TimeUnit.SECONDS)).as("an attack finished").isNotNull();
                        windows++;
                        long increment = windows == ATTACKS ? SIZE - granted : step;
                        client.send(1, new Message.Window((int) increment));
                        granted += increment;
                    }
                } else if (frame.message() instanceof Message.FileEnd end) {
                    String got = HexFormat.of().formatHex(digest.digest());
                    assertThat(end.hex()).isEqualTo(got);
                    assertThat(received).isEqualTo(SIZE);
                    return new Download(requested, firstData, System.nanoTime(), got, windows);
                } else if (!(frame.message() instanceof Message.FileHeader) && !(frame.message() instanceof Message.Event)) {
                    throw new AssertionError("unexpected " + frame.message());
                }
            }
        }
    }

    /** One hostile connection: returns the bytes it sent. */
    private long attack(Random random, int round) throws IOException {
        byte[] payload = switch (round % 5) {
            case 0 -> randomBytes(random, 1 + random.nextInt(4096));
            case 1 -> truncated(random, hello());
            case 2 -> concat(hello(), randomBytes(random, 1 + random.nextInt(2048)));
            case 3 -> concat(hello(), mutated(random, frame(new Message.Get("big.bin", 0))));
            default -> ByteBuffer.allocate(Wire.HEADER_SIZE).putInt(random.nextInt()).put((byte) random.nextInt(256))
                    .putInt(random.nextInt()).array();
        };
        try (Socket socket = new Socket()) {
            socket.connect(daemon.address(), 5000);
            if (random.nextBoolean()) {
                socket.setSoLinger(true, 0); // leave with a reset, as a killed process does
            }
            RawClient.write(socket, payload, RawClient.WRITE_DEADLINE);
        } catch (IOException e) {
            // the daemon may have closed on us mid-write: that is its right
        }
        return payload.length;
    }

    private static byte[] hello() {
        return frame(new Message.Hello(Wire.PROTOCOL_VERSION, "attacker"));
    }

    private static byte[] frame(Message message) {
        ByteBuffer frame = MessageCodec.encode(0, message);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        return bytes;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] truncated(Random random, byte[] bytes) {
        return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
    }

    private static byte[] mutated(Random random, byte[] bytes) {
        byte[] copy = bytes.clone();
        copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
        return copy;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
