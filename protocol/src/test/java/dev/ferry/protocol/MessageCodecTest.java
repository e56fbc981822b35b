package dev.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.Message.ConnectionRow;
import dev.ferry.protocol.Message.FileEnd;
import dev.ferry.protocol.Message.FileEntry;
import dev.ferry.protocol.Message.FileHeader;
import dev.ferry.protocol.Message.FileList;
import dev.ferry.protocol.Message.Get;
import dev.ferry.protocol.Message.Hello;
import dev.ferry.protocol.Message.Refused;
import dev.ferry.protocol.Message.Say;
import dev.ferry.protocol.Message.StatusReply;
import dev.ferry.protocol.Message.Welcome;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {

    // ---------------------------------------------------------------- golden bytes

    @Test
    void helloHasGoldenBytes() {
        ByteBuffer frame = MessageCodec.encode(0, new Hello(2, "ferry", "k3y"));
        assertThat(Bytes.hex(frame)).isEqualTo(
                "00000012" + "01" + "00000000" // length 18, HELLO, id 0
                        + "46525931" // FRY1
                        + "0002" // version 2
                        + "0005" + "6665727279" // "ferry"
                        + "0003" + "6b3379"); // the access key's secret, "k3y"
    }

    @Test
    void aVersionOneHelloIsReadFarEnoughToBeRefused() throws Exception {
        // version 1's HELLO ends after the software: no key
        byte[] payload = Bytes.unhex("46525931 0001 0005 6665727279");
        assertThat(MessageCodec.decode(MessageType.HELLO, ByteBuffer.wrap(payload))).isEqualTo(new Hello(1, "ferry", ""));
    }

    @Test
    void aHelloOfAnotherVersionIsReadWhateverFollowsItsVersion() throws Exception {
        for (String rest : List.of("", "00", "0009 6162", "0002 6162 ffffffff", "0002 c328")) {
            Message decoded = MessageCodec.decode(MessageType.HELLO, ByteBuffer.wrap(Bytes.unhex("46525931 0007 " + rest)));
            assertThat(decoded).as(rest).isInstanceOf(Hello.class);
            assertThat(((Hello) decoded).version()).isEqualTo(7);
        }
    }

    @Test
    void aHelloNeverShowsItsKeyAsText() {
        assertThat(new Hello(2, "ferry", "sup3r-secret").toString()).doesNotContain("sup3r-secret").contains("(secret)");
        assertThat(new Hello(2, "ferry").toString()).contains("key=none");
    }

    @Test
    void aVersionTwoHelloWithoutItsKeyIsAProtocolError() {
        byte[] payload = Bytes.unhex("46525931 0002 0005 6665727279");
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.HELLO, ByteBuffer.wrap(payload)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("HELLO: payload ends inside key length");
    }

    @Test
    void getHasGoldenBytesWithUtf8Name() {
        ByteBuffer frame = MessageCodec.encode(7, new Get("é.txt", 0x0102030405L, 65536));
        assertThat(Bytes.hex(frame)).isEqualTo(
                "00000014" + "03" + "00000007"
                        + "0000000102030405" // offset
                        + "00010000" // window: 64 KiB
                        + "0006" + "c3a92e747874"); // "é.txt": é is two bytes
    }

    @Test
    void msgAndPrivateHaveGoldenBytes() {
        assertThat(Bytes.hex(MessageCodec.encode(9, new Message.Msg("C2", "hi"))))
                .isEqualTo("00000008" + "0e" + "00000009" + "0002" + "4332" + "0002" + "6869");
        assertThat(Bytes.hex(MessageCodec.encode(0, new Message.Private("C1", "hi", java.time.Instant.ofEpochMilli(258)))))
                .isEqualTo("00000010" + "94" + "00000000" + "0002" + "4331" + "0002" + "6869" + "0000000000000102");
        assertThat(Bytes.hex(MessageCodec.encode(0, new Message.Earlier("C1", "hi", java.time.Instant.ofEpochMilli(258)))))
                .startsWith("00000010" + "95");
    }

    @Test
    void watchAndFilesChangedHaveGoldenBytes() {
        assertThat(Bytes.hex(MessageCodec.encode(3, new Message.Watch()))).isEqualTo("00000000" + "18" + "00000003");
        Message.FilesChanged changed = new Message.FilesChanged(List.of(
                Message.FileChange.present(new FileEntry("a", 5, Instant.ofEpochMilli(258))),
                Message.FileChange.gone("b")), false);
        assertThat(Bytes.hex(MessageCodec.encode(0, changed))).isEqualTo(
                "0000001d" + "a8" + "00000000" // length 29, FILES_CHANGED, id 0
                        + "00" + "00000002" // not a resync, two changes
                        + "01" + "0001" + "61" + "0000000000000005" + "0000000000000102" // a: 5 bytes, t=258
                        + "00" + "0001" + "62"); // b: gone
        assertThat(Bytes.hex(MessageCodec.encode(0, Message.FilesChanged.resyncNeeded())))
                .isEqualTo("00000005" + "a8" + "00000000" + "01" + "00000000");
    }

    @Test
    void uploadedHasGoldenBytes() {
        assertThat(Bytes.hex(MessageCodec.encode(0, new Message.Uploaded("C2", "n", 12_288, Instant.ofEpochMilli(1)))))
                .isEqualTo("00000017" + "a9" + "00000000" + "0002" + "4332" + "0001" + "6e" + "0000000000003000"
                        + "0000000000000001");
    }

    @Test
    void aResyncThatCarriesChangesIsAProtocolError() {
        byte[] payload = Bytes.unhex("01 00000001 00 0001 62");
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.FILES_CHANGED, ByteBuffer.wrap(payload)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("FILES_CHANGED: a resync carries no changes, not 1");
    }

    @Test
    void changesThatFitOneFrameAreSentAndMoreBecomeOneResync() throws Exception {
        List<Message.FileChange> few = new ArrayList<>();
        List<Message.FileChange> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Message.FileChange change = Message.FileChange.present(new FileEntry("file-" + i + ".txt", i, Instant.EPOCH));
            many.add(change);
            if (i < 100) {
                few.add(change);
            }
        }
        assertThat(MessageCodec.filesChanged(few)).isEqualTo(new Message.FilesChanged(few, false));
        assertThat(MessageCodec.filesChanged(many)).isEqualTo(Message.FilesChanged.resyncNeeded());
        // the largest event that is not a resync still fits in one frame
        List<Message.FileChange> fitting = new ArrayList<>(many);
        while (MessageCodec.filesChanged(fitting).resync()) {
            fitting.remove(fitting.size() - 1);
        }
        ByteBuffer frame = MessageCodec.encode(0, MessageCodec.filesChanged(fitting));
        assertThat(frame.remaining() - Wire.HEADER_SIZE).isLessThanOrEqualTo(Wire.MAX_CONTROL_PAYLOAD);
        fitting.add(many.get(fitting.size()));
        assertThat(MessageCodec.filesChanged(fitting).resync()).isTrue();
    }

    @Test
    void windowHasGoldenBytes() {
        assertThat(Bytes.hex(MessageCodec.encode(7, new Message.Window(1 << 20))))
                .isEqualTo("00000004" + "0d" + "00000007" + "00100000");
    }

    @Test
    void welcomeAndRefusedHaveGoldenBytes() {
        assertThat(Bytes.hex(MessageCodec.encode(0, new Welcome(2, "Client01", "d", 8, true))))
                .isEqualTo("00000012" + "81" + "00000000" + "0002" + "0008" + "436c69656e743031" + "0001" + "64" + "0008"
                        + "01"); // may write
        assertThat(Bytes.hex(MessageCodec.encode(0, new Refused(ErrorCode.SERVER_FULL, "full"))))
                .isEqualTo("00000008" + "82" + "00000000" + "0003" + "0004" + "66756c6c");
    }

    @Test
    void fileHeaderAndFileEndHaveGoldenBytes() {
        Instant modified = Instant.ofEpochMilli(0x0102030405L);
        assertThat(Bytes.hex(MessageCodec.encode(9, new FileHeader(100, 40, modified))))
                .isEqualTo("00000018" + "84" + "00000009"
                        + "0000000000000064" + "0000000000000028" + "0000000102030405");
        byte[] digest = new byte[32];
        digest[0] = (byte) 0xAB;
        digest[31] = 0x01;
        assertThat(Bytes.hex(MessageCodec.encode(9, new FileEnd(digest))))
                .isEqualTo("00000020" + "86" + "00000009" + "ab" + "00".repeat(30) + "01");
    }

    @Test
    void dataHeaderHasGoldenBytes() {
        ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE);
        MessageCodec.putDataHeader(3, 1 << 20, header);
        assertThat(Bytes.hex(header.flip())).isEqualTo("00100000" + "85" + "00000003");
    }

    @Test
    void putHasGoldenBytes() {
        assertThat(Bytes.hex(MessageCodec.encode(12, new Message.Put("d/é.txt", 0x0102030405L, true, false))))
                .isEqualTo("00000014" + "10" + "0000000c" // length 20, PUT, id 12
                        + "0000000102030405" // size
                        + "01" // overwrite
                        + "00" // resume: no, start from the first byte
                        + "0008" + "642fc3a92e747874"); // "d/é.txt"
    }

    @Test
    void putDataHeaderHasGoldenBytes() {
        ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE);
        MessageCodec.putDataHeader(MessageType.PUT_DATA, 12, 4 << 20, header);
        assertThat(Bytes.hex(header.flip())).isEqualTo("00400000" + "11" + "0000000c");
    }

    @Test
    void onlyTheTwoDataTypesHaveADataHeader() {
        assertThatThrownBy(() -> MessageCodec.putDataHeader(MessageType.PUT, 1, 10, ByteBuffer.allocate(9)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("PUT frames carry no file data");
        assertThatThrownBy(() -> MessageCodec.putDataHeader(MessageType.PUT_DATA, 1, Wire.MAX_DATA_PAYLOAD + 1,
                ByteBuffer.allocate(9))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PUT_DATA length 4194305 outside 0..4194304");
        assertThatThrownBy(() -> MessageCodec.encode(1, new Message.PutData(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("putDataHeader");
    }

    @Test
    void putEndPutReadyPutWindowAndPutDoneHaveGoldenBytes() {
        byte[] digest = new byte[32];
        digest[0] = (byte) 0xE3;
        digest[31] = 0x55;
        assertThat(Bytes.hex(MessageCodec.encode(12, new Message.PutEnd(digest))))
                .isEqualTo("00000020" + "12" + "0000000c" + "e3" + "00".repeat(30) + "55");
        assertThat(Bytes.hex(MessageCodec.encode(12, new Message.PutReady(0x1000, digest, 8 << 20))))
                .isEqualTo("0000002c" + "a0" + "0000000c"
                        + "0000000000001000" // offset: the server holds 4 KiB
                        + "e3" + "00".repeat(30) + "55" // their SHA-256
                        + "00800000"); // window: 8 MiB
        assertThat(Bytes.hex(MessageCodec.encode(12, new Message.PutWindow(1 << 20))))
                .isEqualTo("00000004" + "a1" + "0000000c" + "00100000");
        assertThat(Bytes.hex(MessageCodec.encode(12, new Message.PutDone(0x0c, true))))
                .isEqualTo("00000009" + "a2" + "0000000c" + "000000000000000c" + "01");
    }

    @Test
    void aPutOfNegativeSizeOrWithABadFlagIsAProtocolError() {
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.PUT, ByteBuffer.wrap(Bytes.unhex("8000000000000000 00 01 0001 61"))))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("PUT: size 9223372036854775808 is out of range");
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.PUT, ByteBuffer.wrap(Bytes.unhex("0000000000000001 02 01 0001 61"))))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("PUT: overwrite must be 0 or 1, was 2");
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.PUT, ByteBuffer.wrap(Bytes.unhex("0000000000000001 00 07 0001 61"))))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("PUT: resume must be 0 or 1, was 7");
    }

    @Test
    void anUploadWindowOutsideItsRangeIsAProtocolError() {
        String digest = "00".repeat(32);
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.PUT_READY,
                ByteBuffer.wrap(Bytes.unhex("0000000000000000" + digest + "40000001"))))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("PUT_READY: window 1073741825 outside 0..1073741824");
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.PUT_READY,
                ByteBuffer.wrap(Bytes.unhex("0000000000000000" + digest + "80000000"))))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("PUT_READY: window 2147483648 is out of range");
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.PUT_WINDOW, ByteBuffer.wrap(Bytes.unhex("00000000"))))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("PUT_WINDOW: window increment must be positive, not 0");
    }

    @Test
    void theUploadErrorCodesKeepTheirNumbers() {
        assertThat(List.of(ErrorCode.READ_ONLY, ErrorCode.EXISTS, ErrorCode.UPLOAD_BUSY, ErrorCode.TOO_LARGE,
                ErrorCode.NO_SPACE, ErrorCode.DIGEST_MISMATCH, ErrorCode.WRITE_FAILED))
                .extracting(ErrorCode::code).containsExactly(40, 41, 42, 43, 44, 45, 46);
        assertThat(ErrorCode.fromCode(44)).isEqualTo(ErrorCode.NO_SPACE);
    }

    @Test
    void statusRowWithoutFinishTimeIsMinusOne() {
        Instant accepted = Instant.ofEpochMilli(1);
        ByteBuffer frame = MessageCodec.encode(2,
                new StatusReply(List.of(new ConnectionRow("C", "a", accepted, null)), true));
        assertThat(Bytes.hex(frame)).isEqualTo("0000001d" + "87" + "00000002"
                + "01" + "00000001" + "000143" + "0000" + "000161" + "0000000000000001" + "ffffffffffffffff");
    }

    @Test
    void aStatusRowAndAJoinedEventCarryTheKeysLabel() {
        Instant at = Instant.ofEpochMilli(1);
        assertThat(Bytes.hex(MessageCodec.encode(2, new StatusReply(List.of(new ConnectionRow("C", "al", "a", at, null)), true))))
                .isEqualTo("0000001f" + "87" + "00000002"
                        + "01" + "00000001" + "000143" + "0002616c" + "000161" + "0000000000000001" + "ffffffffffffffff");
        assertThat(Bytes.hex(MessageCodec.encode(0, new Message.Joined("C", "al", "a", at))))
                .isEqualTo("00000012" + "90" + "00000000" + "000143" + "0002616c" + "000161" + "0000000000000001");
        assertThat(new ConnectionRow("Client02", "alice", "a", at, null).displayName()).isEqualTo("Client02 (alice)");
        assertThat(new ConnectionRow("Client03", "a", at, null).displayName()).isEqualTo("Client03");
    }

    // ---------------------------------------------------------------- round trips

    static List<Message> samples() {
        return Samples.all();
    }

    @Test
    void samplesCoverEveryControlType() {
        Set<MessageType> covered = Samples.all().stream().map(Message::type).collect(Collectors.toSet());
        Set<MessageType> expected = EnumSet.allOf(MessageType.class);
        expected.remove(MessageType.DATA);
        expected.remove(MessageType.PUT_DATA);
        assertThat(covered).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyMessageSurvivesARoundTrip(Message message) throws Exception {
        ByteBuffer frame = MessageCodec.encode(5, message);
        assertThat(frame.getInt(0)).isEqualTo(frame.remaining() - Wire.HEADER_SIZE);
        assertThat(frame.get(4) & 0xFF).isEqualTo(message.type().code());
        assertThat(frame.getInt(5)).isEqualTo(5);
        Message decoded = MessageCodec.decode(message.type(), frame.slice(Wire.HEADER_SIZE, frame.remaining() - Wire.HEADER_SIZE));
        assertThat(decoded).isEqualTo(message);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyTruncationOfAPayloadIsAProtocolError(Message message) {
        byte[] payload = payloadOf(message);
        for (int cut = 0; cut < payload.length; cut++) {
            ByteBuffer truncated = ByteBuffer.wrap(payload, 0, cut).slice();
            int length = cut;
            assertThatThrownBy(() -> MessageCodec.decode(message.type(), truncated))
                    .as("%s cut to %d of %d bytes", message.type(), length, payload.length)
                    .isInstanceOf(ProtocolException.class)
                    .hasMessageStartingWith(message.type() + ": ");
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void bytesLeftOverAfterAPayloadAreAProtocolError(Message message) {
        byte[] payload = payloadOf(message);
        ByteBuffer longer = ByteBuffer.allocate(payload.length + 1).put(payload).put((byte) 0).flip();
        assertThatThrownBy(() -> MessageCodec.decode(message.type(), longer))
                .isInstanceOf(ProtocolException.class)
                .hasMessage(message.type() + ": 1 unexpected bytes after the payload");
    }

    // ---------------------------------------------------------------- bad values

    @Test
    void malformedUtf8IsAProtocolError() {
        byte[] payload = Bytes.unhex("0002 c328"); // a lead byte followed by a non-continuation byte
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.SAY, ByteBuffer.wrap(payload)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("SAY: text is not valid UTF-8");
    }

    @Test
    void aHelloWithoutTheMagicIsNotAFerryClient() {
        byte[] payload = Bytes.unhex("47455420 0001 0000"); // "GET " as if an HTTP client connected
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.HELLO, ByteBuffer.wrap(payload)))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("not a Ferry client");
    }

    @Test
    void aBooleanOtherThanZeroOrOneIsAProtocolError() {
        byte[] payload = Bytes.unhex("02 00000000");
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.WHO_REPLY, ByteBuffer.wrap(payload)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("WHO_REPLY: last must be 0 or 1, was 2");
    }

    @Test
    void aCountLargerThanThePayloadIsCaughtBeforeAllocating() {
        byte[] payload = Bytes.unhex("01 7fffffff 0000");
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.FILE_LIST, ByteBuffer.wrap(payload)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("FILE_LIST: file count 2147483647 does not fit in the 2 bytes left");
    }

    @Test
    void aNegativeOffsetIsAProtocolError() {
        byte[] payload = Bytes.unhex("ffffffffffffffff 00010000 0001 61");
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.GET, ByteBuffer.wrap(payload)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("GET: offset 18446744073709551615 is out of range");
    }

    @Test
    void aWindowOutsideItsRangeIsAProtocolError() {
        byte[] tiny = Bytes.unhex("0000000000000000 00000001 0001 61");
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.GET, ByteBuffer.wrap(tiny)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("GET: window 1 outside 65536..1073741824");
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.WINDOW, ByteBuffer.wrap(Bytes.unhex("00000000"))))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("WINDOW: window increment must be positive, not 0");
    }

    @Test
    void aWelcomeAllowingNoTransfersIsAProtocolError() {
        byte[] payload = Bytes.unhex("0002 0001 43 0001 64 0000 00");
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.WELCOME, ByteBuffer.wrap(payload)))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("WELCOME: maxTransfers 0 outside 1..65535");
    }

    @Test
    void aStringOverItsLimitIsAProtocolError() {
        ByteBuffer payload = ByteBuffer.allocate(2 + 5000);
        payload.putShort((short) 5000).put(new byte[5000]).flip();
        assertThatThrownBy(() -> MessageCodec.decode(MessageType.SAY, payload))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("SAY: text is 5000 bytes; the limit is 4096");
    }

    @Test
    void anUnknownErrorCodeDecodesAsUnknown() throws Exception {
        Message decoded = MessageCodec.decode(MessageType.ERROR, ByteBuffer.wrap(Bytes.unhex("0fff 0001 78")));
        assertThat(decoded).isEqualTo(new Message.ErrorReply(ErrorCode.UNKNOWN, "x"));
    }

    @Test
    void encodingTextOverItsLimitIsRefusedAtTheSender() {
        assertThatThrownBy(() -> MessageCodec.encode(1, new Say("x".repeat(Wire.MAX_TEXT_BYTES + 1))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds its limit of 4096");
    }

    // ---------------------------------------------------------------- paging

    @Test
    void aLongFileListIsSplitIntoPagesThatEachFitOneFrame() throws Exception {
        List<FileEntry> files = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            files.add(new FileEntry("folder/file-%05d-with-a-longer-name.dat".formatted(i), i, Samples.T1));
        }
        List<FileList> pages = MessageCodec.fileListPages(files);

        assertThat(pages).hasSizeGreaterThan(1);
        assertThat(pages).filteredOn(FileList::last).hasSize(1);
        assertThat(pages.get(pages.size() - 1).last()).isTrue();
        List<FileEntry> decoded = new ArrayList<>();
        for (FileList page : pages) {
            ByteBuffer frame = MessageCodec.encode(1, page);
            assertThat(frame.remaining() - Wire.HEADER_SIZE).isLessThanOrEqualTo(Wire.MAX_CONTROL_PAYLOAD);
            decoded.addAll(((FileList) MessageCodec.decode(MessageType.FILE_LIST,
                    frame.position(Wire.HEADER_SIZE).slice())).files());
        }
        assertThat(decoded).isEqualTo(files);
    }

    @Test
    void anEmptyListIsOneLastPage() {
        assertThat(MessageCodec.fileListPages(List.of())).containsExactly(new FileList(List.of(), true));
    }

    private static byte[] payloadOf(Message message) {
        ByteBuffer frame = MessageCodec.encode(1, message);
        frame.position(Wire.HEADER_SIZE);
        return Bytes.of(frame);
    }

    @Test
    void sayRoundTripsNonAsciiText() throws Exception {
        Say say = new Say("naïve ☕ 日本語");
        ByteBuffer frame = MessageCodec.encode(1, say);
        assertThat(MessageCodec.decode(MessageType.SAY, frame.position(Wire.HEADER_SIZE).slice())).isEqualTo(say);
    }
}
