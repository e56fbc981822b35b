package dev.ferry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Message.ErrorReply;
import dev.ferry.protocol.Message.Get;
import dev.ferry.protocol.Message.Ping;
import dev.ferry.protocol.Message.Pong;
import dev.ferry.protocol.Message.Refused;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.MessageType;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The daemon driven over raw sockets, frame by frame. */
@Timeout(60)
class SessionTest {

    @TempDir
    Path repository;

    TestDaemon daemon;
    final List<RawClient> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RawClient client : clients) {
            client.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    RawClient admitted() throws IOException {
        RawClient client = RawClient.admitted(daemon.address());
        clients.add(client);
        return client;
    }

    RawClient hello() throws IOException {
        RawClient client = RawClient.hello(daemon.address());
        clients.add(client);
        return client;
    }

    @Test
    void aFourthClientIsRefusedWhileThreeAreConnected() throws IOException {
        daemon = TestDaemon.start(repository);
        assertThat(List.of(admitted().welcome().clientName(), admitted().welcome().clientName(),
                admitted().welcome().clientName())).containsExactly("Client01", "Client02", "Client03");

        RawClient fourth = hello();
        Message answer = fourth.next().message();
        assertThat(answer).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo(ErrorCode.SERVER_FULL);
            assertThat(refused.reason()).isEqualTo("server full: 3 of 3 clients are connected; try again when one leaves");
        });
        assertThat(fourth.closedByServer()).isTrue();
    }

    @Test
    void exitIsAnsweredWithByeAndTheSlotIsFreeAtOnce() throws IOException {
        daemon = TestDaemon.start(repository);
        admitted();
        admitted();
        RawClient third = admitted();

        third.send(9, new Message.Exit());
        Frame bye = third.next();
        assertThat(bye.id()).isEqualTo(9);
        assertThat(bye.message()).isEqualTo(new Message.Bye("bye"));
        assertThat(third.closedByServer()).isTrue();

        assertThat(admitted().welcome().clientName()).isEqualTo("Client04");
    }

    @Test
    void aClientThatVanishesFreesItsSlot() throws IOException {
        daemon = TestDaemon.start(repository, b -> b.maxClients(2));
        RawClient observer = admitted();
        RawClient vanishing = admitted();
        assertThat(observer.next().message()).isInstanceOf(Message.Joined.class);
        vanishing.vanish(); // a reset, as from a killed process

        assertThat(observer.next().message()).isInstanceOfSatisfying(Message.Left.class, left -> {
            assertThat(left.name()).isEqualTo("Client02");
            assertThat(left.reason()).startsWith("connection lost");
        });
        assertThat(admitted().welcome().clientName()).isEqualTo("Client03");
    }

    @Test
    void aSilentConnectionIsRefusedAfterTheHandshakeTimeout() throws IOException {
        daemon = TestDaemon.start(repository, b -> b.handshakeTimeout(Duration.ofMillis(300)));
        RawClient silent = RawClient.connect(daemon.address());
        clients.add(silent);
        assertThat(silent.next().message()).isEqualTo(new Refused(ErrorCode.HANDSHAKE_TIMEOUT, "no HELLO within 300 ms"));
        assertThat(silent.closedByServer()).isTrue();
    }

    @Test
    void anUnsupportedVersionIsRefusedNamingBothVersions() throws IOException {
        daemon = TestDaemon.start(repository);
        RawClient future = RawClient.connect(daemon.address());
        clients.add(future);
        future.send(0, new Message.Hello(9, "ferry/9.0"));
        Message answer = future.next().message();
        assertThat(answer).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo(ErrorCode.UNSUPPORTED_VERSION);
            assertThat(refused.reason()).startsWith("this client speaks protocol version 9; ferryd ")
                    .endsWith(" speaks version 2: update ferryd");
        });
    }

    @Test
    void somethingOtherThanFerryIsRefusedAsAProtocolError() throws IOException {
        daemon = TestDaemon.start(repository);
        RawClient http = RawClient.connect(daemon.address());
        clients.add(http);
        http.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Message answer = http.next().message();
        assertThat(answer).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR);
            assertThat(refused.reason()).contains("exceeds the 65536-byte limit");
        });
        assertThat(http.closedByServer()).isTrue();
        assertThat(admitted().welcome().clientName()).isEqualTo("Client01");
    }

    @Test
    void anUnknownCommandGetsAnErrorAndTheSessionGoesOn() throws IOException {
        daemon = TestDaemon.start(repository);
        RawClient client = admitted();
        ByteBuffer unknown = ByteBuffer.allocate(Wire.HEADER_SIZE + 3).putInt(3).put((byte) 0x3F).putInt(5).put(new byte[3]).flip();
        client.sendRaw(unknown);
        Frame error = client.next();
        assertThat(error.id()).isEqualTo(5);
        assertThat(error.message()).isEqualTo(new ErrorReply(ErrorCode.UNKNOWN_COMMAND,
                "unknown command (frame type 0x3f); 'help' lists the commands"));

        client.send(6, new Ping(42));
        assertThat(client.next()).isEqualTo(new Frame(6, MessageType.PONG.code(), new Pong(42)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "docs/../../x", "a\\b", "nul\u0000byte", ".hidden"})
    void badNamesGetAClearErrorAndTheSessionGoesOn(String name) throws IOException {
        daemon = TestDaemon.start(repository);
        RawClient client = admitted();
        client.send(3, new Get(name, 0));
        Frame error = client.next();
        assertThat(error.id()).isEqualTo(3);
        assertThat(error.message()).isInstanceOfSatisfying(ErrorReply.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_NAME);
            assertThat(e.message()).startsWith("refused a");
        });
        client.send(4, new Ping(1));
        assertThat(client.next().message()).isEqualTo(new Pong(1));
    }

    @Test
    void aMissingFileAndABadOffsetGetErrorsAndTheSessionGoesOn() throws IOException {
        daemon = TestDaemon.start(repository);
        RawClient client = admitted();
        client.send(3, new Get("nope.txt", 0));
        assertThat(client.next().message()).isEqualTo(new ErrorReply(ErrorCode.NO_SUCH_FILE, "no such file: nope.txt"));
        client.send(4, new Get("sample.txt", 7));
        assertThat(client.next().message()).isEqualTo(new ErrorReply(ErrorCode.BAD_OFFSET,
                "offset 7 is past the end of sample.txt (6 bytes)"));
        client.send(5, new Ping(5));
        assertThat(client.next().message()).isEqualTo(new Pong(5));
    }

    @Test
    void getSendsHeaderDataAndTheDigestOfTheWholeFile() throws IOException {
        daemon = TestDaemon.start(repository);
        RawClient client = admitted();
        client.send(7, new Get("sample.txt", 2));
        Frame header = client.next();
        assertThat(header.message()).isInstanceOfSatisfying(Message.FileHeader.class, h -> {
            assertThat(h.size()).isEqualTo(6);
            assertThat(h.offset()).isEqualTo(2);
        });
        assertThat(client.next().message()).isEqualTo(new Message.Data(4));
        assertThat(new String(client.data(), StandardCharsets.US_ASCII)).isEqualTo("llo\n");
        assertThat(client.next().message()).isInstanceOfSatisfying(Message.FileEnd.class,
                end -> assertThat(end.hex()).isEqualTo(DigestUtils.sha256Hex("hello\n")));
    }

    @Test
    void aPingIsAnsweredWithinAFewChunksWhileALargeDownloadIsInFlight() throws IOException {
        daemon = TestDaemon.start(repository);
        long size = 256L << 20;
        try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
            big.setLength(size);
        }
        RawClient client = admitted();
        client.send(1, new Get("big.bin", 0));
        assertThat(client.next().message()).isInstanceOf(Message.FileHeader.class);
        assertThat(client.next().message()).isInstanceOf(Message.Data.class);
        // the client now reads nothing for a moment: the daemon's writer fills the socket buffers and blocks

        client.send(2, new Ping(77));
        long[] dataBeforePong = {0};
        Frame pong = client.nextControl(dataBeforePong);
        assertThat(pong.id()).isEqualTo(2);
        assertThat(pong.message()).isEqualTo(new Pong(77));
        // socket buffers on both sides plus the chunk being written: a few MiB, never the whole file
        assertThat(dataBeforePong[0]).isLessThan(32L << 20);

        long[] rest = {0};
        Frame end = client.nextControl(rest);
        assertThat(end.message()).isInstanceOf(Message.FileEnd.class);
    }

    @Test
    void pingsAnsweredBetweenTheChunksOfADownloadNeverCutIntoAFrame() throws Exception {
        daemon = TestDaemon.start(repository);
        byte[] content = new byte[16 << 20];
        new java.util.Random(11).nextBytes(content);
        java.nio.file.Files.write(repository.resolve("random.bin"), content);
        // windows the reader fills itself from memory, and windows a writer task fills with transferTo
        int[] steps = {16 << 10, 1 << 20, 48 << 10, 256 << 10, 64 << 10, 3 << 20};
        RawClient client = admitted();
        client.send(1, new Get("random.bin", 0, Wire.MIN_WINDOW));
        assertThat(client.next().message()).isInstanceOf(Message.FileHeader.class);
        java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
        long granted = Wire.MIN_WINDOW;
        long received = 0;
        int windows = 0;
        int pingsSent = 0;
        int pongs = 0;
        for (int frames = 0; frames < 100_000; frames++) {
            Frame frame = client.next();
            assertThat(frame).as("a frame, not the end of the stream").isNotNull();
            if (frame.message() instanceof Message.Data) {
                assertThat(frame.id()).isEqualTo(1);
                byte[] data = client.data();
                digest.update(data);
                received += data.length;
                if (received == granted && granted < content.length) {
                    int step = (int) Math.min(steps[windows++ % steps.length], content.length - granted);
                    client.sendRaw(ByteBuffer.wrap(concat(MessageCodec.encode(1, new Message.Window(step)),
                            MessageCodec.encode(100 + pingsSent, new Ping(pingsSent)),
                            MessageCodec.encode(101 + pingsSent, new Ping(pingsSent + 1)))));
                    pingsSent += 2;
                    granted += step;
                }
            } else if (frame.message() instanceof Pong pong) {
                assertThat(pong.token()).as("pongs in order, none lost or torn").isEqualTo(pongs);
                assertThat(frame.id()).isEqualTo(100 + pongs);
                pongs++;
            } else {
                assertThat(frame.message()).isInstanceOfSatisfying(Message.FileEnd.class, end ->
                        assertThat(end.hex()).isEqualTo(DigestUtils.sha256Hex(content)));
                break;
            }
        }
        assertThat(received).isEqualTo(content.length);
        assertThat(java.util.HexFormat.of().formatHex(digest.digest())).isEqualTo(DigestUtils.sha256Hex(content));
        client.send(999, new Ping(999));
        long[] skipped = {0};
        while (pongs < pingsSent) { // those sent with the last windows may come after FILE_END
            assertThat(client.nextControl(skipped).message()).isEqualTo(new Pong(pongs++));
        }
        assertThat(client.nextControl(skipped).message()).isEqualTo(new Pong(999));
        assertThat(skipped[0]).isZero();
        assertThat(windows).isGreaterThan(steps.length);
    }

    @Test
    void cancelStopsATransferWithCancelled() throws IOException {
        daemon = TestDaemon.start(repository);
        try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
            big.setLength(256L << 20);
        }
        RawClient client = admitted();
        client.send(1, new Get("big.bin", 0));
        assertThat(client.next().message()).isInstanceOf(Message.FileHeader.class);
        client.send(1, new Message.Cancel());
        long[] skipped = {0};
        Frame answer = client.nextControl(skipped);
        assertThat(answer.id()).isEqualTo(1);
        assertThat(answer.message()).isEqualTo(new ErrorReply(ErrorCode.CANCELLED, "get big.bin cancelled"));
        // what was already in flight: socket buffers and the chunk being written, never the rest of the file
        assertThat(skipped[0]).isLessThan(32L << 20);
        client.send(2, new Ping(2));
        assertThat(client.nextControl(skipped).message()).isEqualTo(new Pong(2));
    }

    @Test
    void moreTransfersThanAllowedIsAProtocolErrorThatEndsTheConnection() throws Exception {
        daemon = TestDaemon.start(repository, b -> b.maxTransfers(2));
        try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
            big.setLength(256L << 20);
        }
        RawClient client = admitted();
        assertThat(client.welcome().maxTransfers()).isEqualTo(2);
        client.sendRaw(ByteBuffer.wrap(concat(MessageCodec.encode(1, new Get("big.bin", 0)),
                MessageCodec.encode(2, new Get("big.bin", 0)), MessageCodec.encode(3, new Get("big.bin", 0)))));
        long[] skipped = {0};
        Frame frame;
        do {
            frame = client.nextControl(skipped);
        } while (frame != null && !(frame.message() instanceof ErrorReply));
        assertThat(frame).isNotNull();
        assertThat(frame.id()).isZero();
        assertThat(frame.message()).isEqualTo(new ErrorReply(ErrorCode.TOO_MANY_TRANSFERS, "more than 2 transfers in flight"));
        assertThat(client.nextControl(skipped)).as("nothing after the error: the connection is closed").isNull();
        assertThat(daemon.daemon().awaitLiveSessions(0, Duration.ofSeconds(10))).isTrue();
        assertThat(admitted().welcome().clientName()).isEqualTo("Client02");
    }

    @Test
    void messagesAreAckedAndEveryoneElseHearsThem() throws IOException {
        daemon = TestDaemon.start(repository);
        RawClient first = admitted();
        RawClient second = admitted();
        assertThat(first.next().message()).isInstanceOfSatisfying(Message.Joined.class,
                j -> assertThat(j.name()).isEqualTo("Client02"));

        first.send(4, new Message.Say("hello there"));
        assertThat(first.next()).satisfies(f -> {
            assertThat(f.id()).isEqualTo(4);
            assertThat(f.message()).isEqualTo(new Message.Ack("hello there"));
        });
        assertThat(second.next().message()).isInstanceOfSatisfying(Message.Chat.class, chat -> {
            assertThat(chat.from()).isEqualTo("Client01");
            assertThat(chat.text()).isEqualTo("hello there");
        });

        second.send(5, new Message.Exit());
        assertThat(first.next().message()).isInstanceOfSatisfying(Message.Left.class, left -> {
            assertThat(left.name()).isEqualTo("Client02");
            assertThat(left.reason()).isEqualTo("exit");
        });
    }

    private static byte[] concat(ByteBuffer... frames) {
        int total = 0;
        for (ByteBuffer frame : frames) {
            total += frame.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer frame : frames) {
            all.put(frame.duplicate());
        }
        return all.array();
    }
}
