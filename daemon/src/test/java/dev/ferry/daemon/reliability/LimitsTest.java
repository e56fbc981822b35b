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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a peer claims never becomes memory the daemon holds; exceeding a bound ends that connection only. */
@Timeout(60)
class LimitsTest {
    /** How long one of a test's own writes may block: a test never waits without a bound. */
    static final Duration WRITES = Duration.ofSeconds(20);

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
        daemon = TestDaemon.start(repository, b -> b.maxHandshakes(8).maxHandshakesPerAddress(4));
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

    @Test
    void aClientThatFloodsRequestsWithoutReadingRepliesIsDisconnected() throws Exception {
        long limit = 256 * 1024;
        daemon = TestDaemon.start(repository, b -> b.maxQueuedBytes(limit).writeTimeout(Duration.ofSeconds(30)));
        Socket socket = new Socket();
        socket.setReceiveBufferSize(64 * 1024);
        socket.connect(daemon.address(), 5000);
        socket.setSoTimeout(20_000);
        try (socket) {
            RawClient.write(socket, MessageCodec.encode(0, new Message.Hello(Wire.PROTOCOL_VERSION, "flood")), WRITES);
            byte[] burst = new byte[1000 * 17];
            ByteBuffer pings = ByteBuffer.wrap(burst);
            for (int i = 0; i < 1000; i++) {
                pings.put(MessageCodec.encode(i + 1, new Message.Ping(i)));
            }
            int bursts = 0;
            try {
                for (; bursts < 1000; bursts++) { // 1,000,000 pings: 17 MB of replies, far past any buffer
                    RawClient.write(socket, burst, WRITES); // bounded: a write blocked on a daemon that stopped reading fails the test
                }
            } catch (SocketException e) {
                // the daemon closed the connection after its linger time: also fine
            }
            Frame last = null;
            long pongs = 0;
            dev.ferry.protocol.FrameReader frames = new dev.ferry.protocol.FrameReader(
                    java.nio.channels.Channels.newChannel(socket.getInputStream()), dev.ferry.protocol.FrameReader.Peer.SERVER, 65536);
            try {
                for (Frame f = frames.read(); f != null; f = frames.read()) {
                    last = f;
                    pongs += f.message() instanceof Message.Pong ? 1 : 0;
                }
            } catch (IOException e) {
                // a reset after the last frame is fine
            }
            assertThat(last).isNotNull();
            assertThat(last.id()).isZero();
            assertThat(last.message()).isInstanceOfSatisfying(Message.ErrorReply.class,
                    error -> assertThat(error.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS));
            Figures.record("limits", "a client that sent " + (bursts * 1000L) + " pings without reading got " + pongs
                    + " pongs, then ERROR TOO_MANY_REQUESTS, then the close; replies queued were capped at " + limit + " bytes");
        }
        assertThat(daemon.daemon().awaitLiveSessions(0, Duration.ofSeconds(10))).isTrue();
        assertThat(RawClient.admitted(daemon.address()).welcome().clientName()).isEqualTo("Client02");
    }
}
