package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.MessageType;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a peer claims never becomes memory the daemon holds; exceeding a bound ends that connection only. */
@Timeout(60)
class LimitsTest {
    /** How long one of a test's own writes may block: a test never waits without a bound. */
    static final Duration WRITES = Duration.ofSeconds(20);
    /** Control bytes one write of the daemon carries at most (its WriteLoop.PASS_MAX). */
    static final long PASS = 64 * 1024;

    @TempDir
    Path repository;

    TestDaemon daemon;
    final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawClient client : clients) {
            client.close();
        }
        daemon.close();
    }

    private RawClient admitted() throws IOException {
        RawClient client = RawClient.admitted(daemon.address());
        clients.add(client);
        return client;
    }

    @Test
    void aFrameAnnouncingTwoGibibytesIsAProtocolErrorAndOthersCarryOn() throws Exception {
        daemon = TestDaemon.start(repository);
        RawClient bystander = admitted();
        RawClient liar = admitted();
        liar.sendRaw(ByteBuffer.allocate(Wire.HEADER_SIZE).putInt(Integer.MAX_VALUE).put((byte) MessageType.SAY.code()).putInt(1).flip());

        Frame error = liar.next();
        assertThat(error.id()).isZero();
        assertThat(error.message()).isEqualTo(new Message.ErrorReply(ErrorCode.PROTOCOL_ERROR,
                "SAY frame of 2147483647 bytes exceeds the 65536-byte limit"));
        assertThat(liar.closedByServer()).isTrue();

        bystander.send(2, new Message.Ping(2));
        assertThat(bystander.next().message()).isInstanceOf(Message.Joined.class);
        assertThat(bystander.next().message()).isInstanceOf(Message.Left.class);
        assertThat(bystander.next().message()).isEqualTo(new Message.Pong(2));
    }

    @Test
    void oneAddressCannotTakeEveryPlaceInTheHandshake() throws Exception {
        // the refusal at accept comes before TLS; a raw client reads it in plain text
        daemon = TestDaemon.start(repository, b -> b.maxHandshakes(8).maxHandshakesPerAddress(4).tls(false));
        InetAddress other = InetAddress.getByName("127.0.0.2");
        try (java.net.Socket probe = new java.net.Socket()) {
            probe.bind(new java.net.InetSocketAddress(other, 0));
        } catch (IOException e) {
            assumeTrue(false, "cannot connect from a second loopback address here: " + e.getMessage());
        }
        for (int i = 0; i < 4; i++) {
            clients.add(RawClient.connect(daemon.address())); // silent, from 127.0.0.1
        }
        RawClient fifth = RawClient.connect(daemon.address());
        clients.add(fifth);
        assertThat(fifth.next().message()).isEqualTo(new Message.Refused(ErrorCode.SERVER_BUSY,
                "too many connections from your address are waiting to say HELLO; try again shortly"));
        assertThat(fifth.closedByServer()).isTrue();

        RawClient elsewhere = RawClient.connect(daemon.address(), other);
        clients.add(elsewhere);
        elsewhere.send(0, new Message.Hello(Wire.PROTOCOL_VERSION, "other"));
        assertThat(elsewhere.next().message()).isInstanceOfSatisfying(Message.Welcome.class,
                welcome -> assertThat(welcome.clientName()).isEqualTo("Client01"));
        Figures.record("limits", "4 silent connections from 127.0.0.1 against a per-address handshake limit of 4 (of 8):"
                + " a fifth from 127.0.0.1 refused with SERVER_BUSY, a client from 127.0.0.2 admitted");
    }

    @Test
    void aNameOverTheLimitIsAProtocolError() throws Exception {
        daemon = TestDaemon.start(repository);
        RawClient client = admitted();
        byte[] name = "n".repeat(Wire.MAX_NAME_BYTES + 1).getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(8 + 4 + 2 + name.length).putLong(0).putInt(Wire.MAX_WINDOW)
                .putShort((short) name.length).put(name).flip();
        ByteBuffer frame = ByteBuffer.allocate(Wire.HEADER_SIZE + payload.remaining())
                .putInt(payload.remaining()).put((byte) MessageType.GET.code()).putInt(3).put(payload).flip();
        client.sendRaw(frame);
        assertThat(client.next().message()).isEqualTo(new Message.ErrorReply(ErrorCode.PROTOCOL_ERROR,
                "GET: name is 1025 bytes; the limit is 1024"));
        assertThat(client.closedByServer()).isTrue();
    }

    /**
     * A client that asks faster than it reads is held to the pace at which it reads: the daemon
     * stops reading from it while its replies wait, and every reply arrives, in order, none dropped.
     */
    @Test
    void aClientThatAsksFasterThanItReadsIsThrottledAndLosesNoReply() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.maxQueuedBytes(256 * 1024));
        RawClient flood = admitted();
        int pings = 200_000; // 3.4 MB of replies, far past the socket's buffers and the pause point
        ByteBuffer all = ByteBuffer.allocate(pings * 17);
        for (int i = 1; i <= pings; i++) {
            all.put(MessageCodec.encode(i, new Message.Ping(i)));
        }
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            Future<?> sent = sender.submit(() -> {
                RawClient.write(flood.socket(), all.flip(), WRITES);
                return null;
            });
            long peak = 0;
            for (int i = 1; i <= pings; i++) {
                Frame frame = flood.next();
                assertThat(frame.id()).isEqualTo(i);
                assertThat(frame.message()).isEqualTo(new Message.Pong(i));
                if (i % 1000 == 0) {
                    peak = Math.max(peak, daemon.daemon().context().memory().used());
                }
            }
            sent.get(WRITES.toSeconds(), TimeUnit.SECONDS);
            long pauseAt = daemon.daemon().context().memory().pauseAt();
            assertThat(peak).as("reply bytes held, sampled every 1000 replies").isLessThanOrEqualTo(pauseAt + 2L * PASS);
            Figures.record("limits", "a client that sent " + pings + " pings in one write and read them after: all "
                    + pings + " pongs in order; replies held by the daemon peaked at " + peak + " bytes sampled (pause point "
                    + pauseAt + ", connection limit 262144)");
        } finally {
            sender.shutdownNow();
        }
    }

    /**
     * One that never reads stops being read from: nothing moves either way, and the write timeout
     * drops it. Its memory is given back.
     */
    @Test
    void aClientThatFloodsRequestsWithoutReadingIsThrottledThenDroppedAtTheWriteTimeout() throws Exception {
        // the test drives a raw socket's window itself: plain text, on loopback
        daemon = TestDaemon.start(repository, b -> b.writeTimeout(Duration.ofSeconds(1)).tls(false));
        RawClient bystander = admitted();
        Socket socket = new Socket();
        socket.setReceiveBufferSize(64 * 1024);
        socket.connect(daemon.address(), 5000);
        socket.setSoTimeout(20_000);
        try (socket) {
            RawClient.write(socket, MessageCodec.encode(0, new Message.Hello(Wire.PROTOCOL_VERSION, "flood")), WRITES);
            assertThat(bystander.next().message()).isInstanceOf(Message.Joined.class);
            byte[] burst = new byte[1000 * 17];
            ByteBuffer pings = ByteBuffer.wrap(burst);
            for (int i = 0; i < 1000; i++) {
                pings.put(MessageCodec.encode(i + 1, new Message.Ping(i)));
            }
            long started = System.nanoTime();
            int bursts = 0;
            try {
                for (; bursts < 1000; bursts++) { // up to 1,000,000 pings: 17 MB of replies, far past any buffer
                    RawClient.write(socket, burst, WRITES); // bounded: a write blocked for good fails the test
                }
            } catch (SocketException e) {
                // dropped at the write timeout while this write was blocked: expected
            }
            Message.Left left = (Message.Left) bystander.next().message();
            long droppedAfter = (System.nanoTime() - started) / 1_000_000;
            assertThat(left.reason()).startsWith("write timeout: the client stopped reading for 1 s");
            assertThat(bursts).as("bursts of 1000 pings written before the daemon stopped reading").isLessThan(1000);
            assertThat(daemon.daemon().awaitLiveSessions(1, Duration.ofSeconds(10))).isTrue();
            assertThat(daemon.daemon().awaitWritersIdle(Duration.ofSeconds(10))).isTrue(); // the LEFT is out, and counted so
            assertThat(daemon.daemon().context().memory().used()).as("reply memory given back").isZero();
            Figures.record("limits", "a client that flooded pings and read nothing: the daemon stopped reading from it after "
                    + bursts + " bursts of 1000 pings, dropped it " + droppedAfter + " ms after the flood began (write timeout"
                    + " 1000 ms), and held no reply memory after");
        }
        assertThat(RawClient.admitted(daemon.address()).welcome().clientName()).isEqualTo("Client03");
    }
}
