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
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.MessageType;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What PROTOCOL.md decides where a reader could have guessed: each rule as a client written from
 * the document alone would meet it.
 */
@Timeout(60)
class ProtocolDecisionsTest {
    @TempDir
    Path repository;

    TestDaemon daemon;
    final List<RawClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        daemon = TestDaemon.start(repository);
        try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
            big.setLength(2L << 30); // sparse: room for windows of any size
        }
    }

    @AfterEach
    void stop() throws IOException {
        for (RawClient client : clients) {
            client.close();
        }
        daemon.close();
    }

    // --- frames ---

    @Test
    void aDataFrameFromAClientIsBoundByTheControlLimitAndEndsTheConnectionAbove() throws IOException {
        RawClient client = admitted();
        client.sendRaw(header(Wire.MAX_CONTROL_PAYLOAD + 1, MessageType.DATA.code(), 3));

        assertEndsWith(client, ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void aSmallDataFrameFromAClientIsAnUnknownCommandAndTheSessionGoesOn() throws IOException {
        RawClient client = admitted();
        byte[] frame = new byte[Wire.HEADER_SIZE + 100];
        System.arraycopy(header(100, MessageType.DATA.code(), 3), 0, frame, 0, Wire.HEADER_SIZE);
        client.sendRaw(frame);

        Frame answer = client.next();
        assertThat(answer.id()).isEqualTo(3);
        assertThat(answer.message()).isInstanceOfSatisfying(ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_COMMAND));
        assertPingAnswered(client);
    }

    @Test
    void aGetWindowBelow64KiBIsAProtocolError() throws IOException {
        RawClient client = admitted();
        client.sendRaw(withWindow(Wire.MIN_WINDOW - 1));

        assertEndsWith(client, ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void aGetWindowAbove1GiBIsAProtocolError() throws IOException {
        RawClient client = admitted();
        client.sendRaw(withWindow(Wire.MAX_WINDOW + 1));

        assertEndsWith(client, ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void aWindowOfZeroIsAProtocolError() throws IOException {
        RawClient client = admitted();
        client.send(1, new Get("big.bin", 0, Wire.MIN_WINDOW));
        assertThat(client.next().message()).isInstanceOf(Message.FileHeader.class);
        ByteBuffer window = MessageCodec.encode(1, new Message.Window(1));
        window.putInt(Wire.HEADER_SIZE, 0);
        client.sendRaw(window);

        assertEndsWith(client, ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void anOffsetWithItsTopBitSetIsAProtocolError() throws IOException {
        RawClient client = admitted();
        ByteBuffer get = MessageCodec.encode(1, new Get("big.bin", 0));
        get.putLong(Wire.HEADER_SIZE, 0x8000_0000_0000_0000L);
        client.sendRaw(get);

        assertEndsWith(client, ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void windowsAddUpPastOneGibibyteWhateverHasBeenSentSoFar() throws IOException {
        RawClient client = admitted();
        // the same frames, in one write: the outcome may not depend on how much data went out first
        client.sendRaw(concat(MessageCodec.encode(1, new Get("big.bin", 0, Wire.MAX_WINDOW)),
                MessageCodec.encode(1, new Message.Window(Wire.MAX_WINDOW)),
                MessageCodec.encode(1, new Message.Window(Integer.MAX_VALUE)),
                MessageCodec.encode(1, new Message.Cancel())));

        long[] skipped = {0};
        assertThat(client.nextControl(skipped).message()).isInstanceOf(Message.FileHeader.class);
        Frame cancelled = client.nextControl(skipped);
        assertThat(cancelled.id()).isEqualTo(1);
        assertThat(cancelled.message()).isInstanceOfSatisfying(ErrorReply.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.CANCELLED));
        assertPingAnswered(client);
    }

    @Test
    void cancelAndWindowForAnIdWithNoTransferAreIgnored() throws IOException {
        RawClient client = admitted();
        client.send(41, new Message.Window(Wire.MIN_WINDOW));
        client.send(42, new Message.Cancel());

        assertPingAnswered(client); // the PONG is the very next frame: nothing answered the two
    }

    @Test
    void cancelAndWindowForAFinishedTransferAreIgnored() throws IOException {
        RawClient client = admitted();
        client.send(1, new Get("sample.txt", 0));
        long[] skipped = {0};
        assertThat(client.nextControl(skipped).message()).isInstanceOf(Message.FileHeader.class);
        assertThat(client.nextControl(skipped).message()).isInstanceOf(Message.FileEnd.class);
        client.send(1, new Message.Window(Wire.MIN_WINDOW));
        client.send(1, new Message.Cancel());

        assertPingAnswered(client);
    }

    // --- handshake ---

    @Test
    void helloWithANonZeroIdIsRefusedAsAProtocolError() throws IOException {
        RawClient client = connected();
        client.send(5, new Message.Hello(Wire.PROTOCOL_VERSION, "test"));

        assertRefused(client, ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void helloWithBadMagicIsRefusedAsAProtocolError() throws IOException {
        RawClient client = connected();
        ByteBuffer hello = MessageCodec.encode(Wire.NO_ID, new Message.Hello(Wire.PROTOCOL_VERSION, "test"));
        hello.putInt(Wire.HEADER_SIZE, 0x48545450); // "HTTP"
        client.sendRaw(hello);

        assertRefused(client, ErrorCode.PROTOCOL_ERROR);
    }

    // --- messages ---

    @Test
    void ackCarriesTheSaysTextByteForByte() throws IOException {
        RawClient client = admitted();
        String text = "héllo wörld — ✓";
        client.send(2, new Message.Say(text));

        Frame ack = client.next();
        assertThat(ack.id()).isEqualTo(2);
        assertThat(ack.message()).isEqualTo(new Message.Ack(text));
    }

    @Test
    void anEmptyOrBlankSayIsRefusedAndNotBroadcast() throws IOException {
        RawClient sender = admitted();
        RawClient listener = admitted();
        assertThat(sender.next().message()).isInstanceOf(Message.Joined.class);
        sender.send(2, new Message.Say(""));
        sender.send(3, new Message.Say("   "));

        for (int id = 2; id <= 3; id++) {
            Frame answer = sender.next();
            assertThat(answer.id()).isEqualTo(id);
            assertThat(answer.message()).isEqualTo(new ErrorReply(ErrorCode.BAD_REQUEST, "an empty message is not sent"));
        }
        listener.send(9, new Ping(9));
        Frame next = listener.next();
        assertThat(next.message()).as("no CHAT came before the PONG").isEqualTo(new Pong(9));
    }

    @Test
    void aTabIsAControlCharacterInAMessage() throws IOException {
        RawClient client = admitted();
        client.send(2, new Message.Say("a\tb"));

        assertThat(client.next().message())
                .isEqualTo(new ErrorReply(ErrorCode.BAD_REQUEST, "messages cannot contain control characters (U+0009)"));
    }

    @Test
    void helpReplyIsTextForPeopleOneCommandALine() throws IOException {
        RawClient client = admitted();
        client.send(2, new Message.Help());

        Message.HelpReply help = (Message.HelpReply) client.next().message();
        List<String> lines = help.text().lines().toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).matches("\\S.*\\S {2,}\\S.*"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("list "))
                .anySatisfy(line -> assertThat(line).startsWith("get "));
    }

    private static byte[] header(int length, int type, int id) {
        return ByteBuffer.allocate(Wire.HEADER_SIZE).putInt(length).put((byte) type).putInt(id).array();
    }

    private static ByteBuffer withWindow(int window) {
        ByteBuffer get = MessageCodec.encode(1, new Get("big.bin", 0, Wire.MIN_WINDOW));
        get.putInt(Wire.HEADER_SIZE + 8, window);
        return get;
    }

    private static byte[] concat(ByteBuffer... frames) {
        int length = 0;
        for (ByteBuffer frame : frames) {
            length += frame.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (ByteBuffer frame : frames) {
            all.put(frame);
        }
        return all.array();
    }

    private static void assertEndsWith(RawClient client, ErrorCode code) throws IOException {
        long[] skipped = {0};
        Frame answer = client.nextControl(skipped);
        assertThat(answer.id()).isEqualTo(Wire.NO_ID);
        assertThat(answer.message()).isInstanceOfSatisfying(ErrorReply.class, e -> assertThat(e.code()).isEqualTo(code));
        assertThat(client.closedByServer()).isTrue();
    }

    private static void assertRefused(RawClient client, ErrorCode code) throws IOException {
        Frame answer = client.next();
        assertThat(answer.id()).isEqualTo(Wire.NO_ID);
        assertThat(answer.message()).isInstanceOfSatisfying(Message.Refused.class,
                r -> assertThat(r.code()).isEqualTo(code));
        assertThat(client.closedByServer()).isTrue();
    }

    private static void assertPingAnswered(RawClient client) throws IOException {
        client.send(77, new Ping(77));
        long[] skipped = {0};
        Frame pong = client.nextControl(skipped);
        assertThat(pong.id()).isEqualTo(77);
        assertThat(pong.message()).isEqualTo(new Pong(77));
    }

    private RawClient admitted() throws IOException {
        RawClient client = RawClient.admitted(daemon.address());
        clients.add(client);
        return client;
    }

    private RawClient connected() throws IOException {
        RawClient client = RawClient.connect(daemon.address());
        clients.add(client);
        return client;
    }
}
