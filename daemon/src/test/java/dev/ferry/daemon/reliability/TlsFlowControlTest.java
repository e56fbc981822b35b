package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Flow control through TLS, with each of ferryd's engines: file data goes through the cipher, and
 * encrypted bytes may wait in the transport while the client's TCP window is shut, in the middle of
 * a TLS record. The GET window still bounds what is sent, and a client that stops reading is still
 * dropped at the write timeout.
 */
@Timeout(60)
class TlsFlowControlTest {
    private static final int SIZE = 8 << 20;

    @TempDir
    Path repository;
    private TestDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        System.clearProperty("ferry.tls.engine");
    }

    private byte[] bigFile() throws IOException {
        byte[] content = new byte[SIZE];
        new Random(11).nextBytes(content);
        Files.write(repository.resolve("big.bin"), content);
        return content;
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void theGetWindowBoundsWhatIsSentThroughTheCipher(String engine) throws Exception {
        System.setProperty("ferry.tls.engine", engine);
        byte[] content = bigFile();
        daemon = TestDaemon.start(repository);
        try (RawClient client = RawClient.admitted(daemon.address())) {
            int window = 3 * Wire.MIN_WINDOW + 5;
            client.send(1, new Message.Get("big.bin", 0, window));
            assertThat(client.next().message()).isInstanceOf(Message.FileHeader.class);
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long received = receive(client, window, sha256);
            assertThat(received).isEqualTo(window);

            // the window is used up: the answer to a PING comes before any more data
            client.send(2, new Message.Ping(2));
            assertThat(client.next().message()).isEqualTo(new Message.Pong(2));

            // widened in steps, it lets exactly the rest through, and the digest holds
            while (received < SIZE) {
                int step = (int) Math.min(Wire.MIN_WINDOW * 7L, SIZE - received);
                client.send(1, new Message.Window(step));
                received += receive(client, step, sha256);
            }
            Frame end = client.next();
            assertThat(end.message()).isInstanceOfSatisfying(Message.FileEnd.class, fileEnd -> {
                try {
                    assertThat(fileEnd.sha256()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(sha256.digest()).as("the bytes received").isEqualTo(MessageDigest.getInstance("SHA-256").digest(content));
        }
    }

    /** Reads DATA frames until {@code bytes} have come, hashing them; a control frame on the way fails. */
    private static long receive(RawClient client, long bytes, MessageDigest sha256) throws IOException {
        long received = 0;
        while (received < bytes) {
            Frame frame = client.next();
            assertThat(frame.message()).as("after %d of %d bytes", received, bytes).isInstanceOf(Message.Data.class);
            byte[] data = client.data();
            sha256.update(data);
            received += data.length;
        }
        return received;
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void aClientThatStopsReadingMidDownloadIsDroppedAtTheWriteTimeout(String engine) throws Exception {
        System.setProperty("ferry.tls.engine", engine);
        bigFile();
        daemon = TestDaemon.start(repository, b -> b.writeTimeout(Duration.ofSeconds(1)));
        try (RawClient bystander = RawClient.admitted(daemon.address());
                RawClient stuck = RawClient.connect(daemon.address(), null, 4096)) {
            stuck.send(Wire.NO_ID, new Message.Hello(Wire.PROTOCOL_VERSION, "stuck"));
            assertThat(stuck.next().message()).isInstanceOf(Message.Welcome.class);
            String name = ((Message.Joined) bystander.next().message()).name();

            // the whole file at once, and then nothing read: the TCP window shuts mid-record
            stuck.send(1, new Message.Get("big.bin", 0, SIZE));
            Message left = bystander.next().message();
            assertThat(left).isInstanceOfSatisfying(Message.Left.class, l -> {
                assertThat(l.name()).isEqualTo(name);
                assertThat(l.reason()).startsWith("write timeout: the client stopped reading for 1 s");
            });

            // the daemon is none the worse: its other client is served, every writer is idle, memory given back
            bystander.send(2, new Message.Ping(2));
            assertThat(bystander.next().message()).isEqualTo(new Message.Pong(2));
            assertThat(daemon.daemon().awaitLiveSessions(1, Duration.ofSeconds(10))).isTrue();
            assertThat(daemon.daemon().awaitWritersIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(daemon.daemon().context().memory().used()).isZero();
        }
    }
}
