package dev.ferry.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both ends of a real TLS 1.3 connection on loopback, with each engine. */
@Timeout(60)
class TlsTransportTest {
    private static ServerIdentity identity;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private ServerSocketChannel listener;

    @BeforeAll
    static void makeIdentity() throws IOException {
        identity = ServerIdentity.create();
    }

    @BeforeEach
    void listen() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() throws IOException {
        pool.shutdownNow();
        listener.close();
        System.clearProperty("ferry.tls.engine");
    }

    /** A connected pair, both handshakes done: [server, client]. */
    private TlsTransport[] connect(String engine) throws Exception {
        System.setProperty("ferry.tls.engine", engine);
        TlsEngines serverSide = TlsEngines.forServer(identity.key(), identity.certificate());
        TlsEngines clientSide = TlsEngines.forClient();
        CompletableFuture<TlsTransport> server = CompletableFuture.supplyAsync(() -> {
            try {
                TlsTransport transport = serverSide.open(listener.accept());
                transport.handshake();
                return transport;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, pool);
        TlsTransport client = clientSide.open(SocketChannel.open(listener.getLocalAddress()));
        client.handshake();
        return new TlsTransport[] {server.get(10, TimeUnit.SECONDS), client};
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void aHandshakeGivesTls13AndTheServersFingerprint(String engine) throws Exception {
        TlsTransport[] pair = connect(engine);
        assertThat(Fingerprint.of(pair[1].peerCertificate())).isEqualTo(identity.fingerprint());
        assertThat(pair[1].description()).startsWith("TLS 1.3, TLS_AES_128_GCM_SHA256");
        if (engine.equals("jdk")) {
            assertThat(pair[0].engineName()).isEqualTo("JDK");
        }
        pair[0].close();
        pair[1].close();
    }

    @Test
    void boringSslLoadsOnThisMachine() throws Exception {
        assertThat(TlsEngines.whyNotBoringSsl()).isNull();
        assertThat(connect("boringssl")[0].engineName()).isEqualTo("BoringSSL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void bytesArriveWholeBothWaysAtOnceAndAFileGoesThroughTheCipher(String engine, @TempDir Path dir) throws Exception {
        TlsTransport[] pair = connect(engine);
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        Path file = Files.write(dir.resolve("f"), content);
        // server: sends the file's middle, then a small frame, while it reads what the client sends
        CompletableFuture<byte[]> serverRead = CompletableFuture.supplyAsync(() -> readAll(pair[0], content.length), pool);
        CompletableFuture<Void> serverWrite = CompletableFuture.runAsync(() -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                assertThat(pair[0].sendFile(channel, 5, content.length - 5)).isEqualTo(content.length - 5);
                assertThat(pair[0].sendFile(channel, content.length, 100)).isZero();
                pair[0].write(ByteBuffer.wrap("tail".getBytes(StandardCharsets.US_ASCII)));
                serverRead.get(30, TimeUnit.SECONDS); // as ferryd: nothing is read through TLS after close_notify
                pair[0].finishOutput();
            } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException
                    | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException(e);
            }
        }, pool);
        pair[1].write(new ByteBuffer[] {ByteBuffer.wrap(content, 0, 1000), ByteBuffer.wrap(content, 1000, content.length - 1000)});
        byte[] received = readAll(pair[1], content.length - 5 + 4);
        serverWrite.get(30, TimeUnit.SECONDS);
        assertThat(serverRead.get(30, TimeUnit.SECONDS)).isEqualTo(content);
        assertThat(MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOfRange(received, 0, content.length - 5)))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOfRange(content, 5, content.length)));
        assertThat(new String(received, content.length - 5, 4, StandardCharsets.US_ASCII)).isEqualTo("tail");
        assertThat(pair[1].read(ByteBuffer.allocate(10))).as("close_notify ends the stream").isEqualTo(-1);
        pair[0].close();
        pair[1].close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void writeNowSendsWhatFitsAndTheNextWriteSendsTheRest(String engine) throws Exception {
        TlsTransport[] pair = connect(engine);
        byte[] content = new byte[8 * 1024 * 1024];
        new Random(3).nextBytes(content);
        ByteBuffer[] batch = {ByteBuffer.wrap(content)};
        boolean all = pair[0].writeNow(batch); // 8 MiB cannot fit in the socket buffers while nobody reads
        assertThat(all).isFalse();
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(pair[1], content.length), pool);
        pair[0].write(batch);
        assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(content);
        pair[0].close();
        pair[1].close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"boringssl", "jdk"})
    void manySmallBuffersAndLargeOnesInOneWriteArriveWholeAndInOrder(String engine) throws Exception {
        TlsTransport[] pair = connect(engine);
        Random random = new Random(11);
        ByteBuffer[] batch = new ByteBuffer[300];
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < batch.length; i++) {
            // mostly frames of an event's size, now and then one past a record's worth
            byte[] frame = new byte[i % 50 == 7 ? 20_000 + i : 40 + random.nextInt(60)];
            random.nextBytes(frame);
            expected.write(frame);
            batch[i] = ByteBuffer.wrap(frame);
        }
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(pair[1], expected.size()), pool);
        assertThat(pair[0].write(batch)).isEqualTo(expected.size());
        assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(expected.toByteArray());
        pair[0].close();
        pair[1].close();
    }

    @Test
    void smallBuffersInOneWriteShareATlsRecordWithBoringSsl() throws Exception {
        System.setProperty("ferry.tls.engine", "boringssl");
        TlsEngines serverSide = TlsEngines.forServer(identity.key(), identity.certificate());
        TlsEngines clientSide = TlsEngines.forClient();
        CompletableFuture<TlsTransport> server = CompletableFuture.supplyAsync(() -> {
            try {
                TlsTransport transport = serverSide.open(listener.accept());
                transport.handshake();
                return transport;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, pool);
        try (SocketChannel raw = SocketChannel.open(listener.getLocalAddress())) {
            clientSide.open(raw).handshake();
            TlsTransport sender = server.get(10, TimeUnit.SECONDS);
            ByteBuffer[] events = new ByteBuffer[200];
            for (int i = 0; i < events.length; i++) {
                events[i] = ByteBuffer.wrap(new byte[60]);
            }
            sender.write(events);
            sender.finishOutput();
            // what reaches the client: session tickets, the events, close_notify; one record an event would be 200
            int records = 0;
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            while (raw.read(in) >= 0) {
                in.flip();
                while (in.remaining() >= 5 && in.remaining() >= 5 + (in.getShort(in.position() + 3) & 0xffff)) {
                    records++;
                    in.position(in.position() + 5 + (in.getShort(in.position() + 3) & 0xffff));
                }
                in.compact();
            }
            assertThat(records).isBetween(2, 10);
            sender.close();
        }
    }

    @Test
    void plainTextSentToTheServerIsToldApartFromABrokenHandshake() throws Exception {
        TlsEngines serverSide = TlsEngines.forServer(identity.key(), identity.certificate());
        try (SocketChannel client = SocketChannel.open(listener.getLocalAddress());
                SocketChannel accepted = listener.accept()) {
            client.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 12, 1, 0, 0, 0, 0}));
            TlsTransport server = serverSide.open(accepted);
            assertThatThrownBy(server::handshake).isInstanceOfSatisfying(NotTlsException.class,
                    e -> assertThat(e.received().get(3)).isEqualTo((byte) 12));
        }
    }

    private static byte[] readAll(Transport transport, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try {
            while (buffer.hasRemaining()) {
                // mixes small reads (through the transport's buffer) and large ones (straight in)
                ByteBuffer view = buffer.slice().limit(Math.min(buffer.remaining(), buffer.position() % 3 == 0 ? 100 : 1 << 20));
                int n = transport.read(view);
                if (n < 0) {
                    throw new IllegalStateException("ended after " + buffer.position() + " bytes");
                }
                buffer.position(buffer.position() + n);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return buffer.array();
    }
}
