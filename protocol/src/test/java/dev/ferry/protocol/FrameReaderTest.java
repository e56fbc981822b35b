package dev.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.protocol.FrameReader.Peer;
import dev.ferry.protocol.Message.Ack;
import dev.ferry.protocol.Message.Data;
import dev.ferry.protocol.Message.Ping;
import dev.ferry.protocol.Message.Pong;
import dev.ferry.protocol.Message.Say;
import dev.ferry.protocol.Message.Welcome;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    @Test
    void readsEveryFrameFedOneByteAtATime() throws Exception {
        List<Message> sent = Samples.all().stream().filter(m -> !m.type().fromClient()).toList();
        ByteBuffer[] frames = sent.stream().map(m -> MessageCodec.encode(11, m)).toArray(ByteBuffer[]::new);
        TrickleChannel channel = new TrickleChannel(Bytes.concat(frames), 1);
        FrameReader reader = new FrameReader(channel, Peer.SERVER, 16);

        List<Message> received = new ArrayList<>();
        for (Frame frame = reader.read(); frame != null; frame = reader.read()) {
            assertThat(frame.id()).isEqualTo(11);
            received.add(frame.message());
        }
        assertThat(received).isEqualTo(sent);
        assertThat(channel.unread()).isZero();
    }

    @Test
    void readsEveryClientFrameUploadDataIncludedFedOneByteAtATime() throws Exception {
        List<Message> sent = Samples.all().stream().filter(m -> m.type().fromClient()).toList();
        byte[] fileBytes = new byte[300];
        for (int i = 0; i < fileBytes.length; i++) {
            fileBytes[i] = (byte) (i * 13);
        }
        List<ByteBuffer> frames = new ArrayList<>();
        for (Message message : sent) {
            frames.add(MessageCodec.encode(11, message));
            if (message instanceof Message.Put) {
                ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE);
                MessageCodec.putDataHeader(MessageType.PUT_DATA, 11, fileBytes.length, header);
                frames.add(header.flip());
                frames.add(ByteBuffer.wrap(fileBytes));
            }
        }
        TrickleChannel channel = new TrickleChannel(Bytes.concat(frames.toArray(ByteBuffer[]::new)), 1);
        FrameReader reader = new FrameReader(channel, Peer.CLIENT, 16);

        List<Message> received = new ArrayList<>();
        for (Frame frame = reader.read(); frame != null; frame = reader.read()) {
            assertThat(frame.id()).isEqualTo(11);
            if (frame.message() instanceof Message.PutData data) {
                assertThat(data.length()).isEqualTo(fileBytes.length);
                ByteBuffer payload = ByteBuffer.allocate(fileBytes.length);
                while (reader.dataRemaining() > 0) {
                    reader.readData(payload);
                }
                assertThat(payload.array()).isEqualTo(fileBytes);
                continue;
            }
            received.add(frame.message());
        }
        assertThat(received).isEqualTo(sent);
        assertThat(channel.unread()).isZero();
    }

    @Test
    void uploadDataIsHeldToTheDataLimitAndNotAcceptedFromAServer() {
        ByteBuffer over = ByteBuffer.allocate(Wire.HEADER_SIZE).putInt(Wire.MAX_DATA_PAYLOAD + 1).put((byte) 0x11).putInt(1).flip();
        FrameReader server = new FrameReader(TrickleChannel.of(over), Peer.CLIENT, 64);
        assertThatThrownBy(server::read).isInstanceOf(ProtocolException.class)
                .hasMessage("PUT_DATA frame of 4194305 bytes exceeds the 4194304-byte limit");
        assertThat(server.bufferCapacity()).isEqualTo(64);

        ByteBuffer fromServer = ByteBuffer.allocate(Wire.HEADER_SIZE).putInt(1 << 20).put((byte) 0x11).putInt(1).flip();
        FrameReader client = new FrameReader(TrickleChannel.of(fromServer), Peer.SERVER, 64);
        assertThatThrownBy(client::read).isInstanceOf(ProtocolException.class)
                .hasMessage("type 0x11 frame of 1048576 bytes exceeds the 65536-byte limit");
    }

    @Test
    void aCloseInsideUploadDataIsAProtocolError() throws Exception {
        ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE + 10).putInt(100).put((byte) 0x11).putInt(1)
                .put(new byte[10]).flip();
        FrameReader reader = new FrameReader(TrickleChannel.of(header), Peer.CLIENT, 64);
        assertThat(reader.read().message()).isEqualTo(new Message.PutData(100));
        assertThatThrownBy(() -> reader.readData(ByteBuffer.allocate(100))).isInstanceOf(ProtocolException.class)
                .hasMessage("connection closed inside a DATA frame (90 bytes missing)");
    }

    @Test
    void aCleanCloseBetweenFramesReadsAsNull() throws Exception {
        FrameReader reader = new FrameReader(TrickleChannel.of(MessageCodec.encode(1, new Pong(5))), Peer.SERVER, 64);
        assertThat(reader.read().message()).isEqualTo(new Pong(5));
        assertThat(reader.read()).isNull();
    }

    @Test
    void aCloseInsideAHeaderIsAProtocolError() {
        byte[] partial = {0, 0, 0, 8, (byte) 0x89};
        FrameReader reader = new FrameReader(new TrickleChannel(partial, 2), Peer.SERVER, 64);
        assertThatThrownBy(reader::read).isInstanceOf(ProtocolException.class)
                .hasMessage("connection closed inside a frame (5 of 9 bytes)");
    }

    @Test
    void aCloseInsideAPayloadIsAProtocolError() {
        ByteBuffer frame = MessageCodec.encode(1, new Pong(5));
        byte[] partial = new byte[frame.remaining() - 3];
        frame.get(partial);
        FrameReader reader = new FrameReader(new TrickleChannel(partial, 1), Peer.SERVER, 64);
        assertThatThrownBy(reader::read).isInstanceOf(ProtocolException.class)
                .hasMessage("connection closed inside a frame (5 of 8 bytes)");
    }

    @Test
    void anOversizedControlFrameIsRefusedBeforeAnythingIsAllocated() {
        ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE).putInt(0x7FFF_FFF0).put((byte) 0x0B).putInt(1).flip();
        FrameReader reader = new FrameReader(TrickleChannel.of(header), Peer.CLIENT, 64);
        assertThatThrownBy(reader::read).isInstanceOf(ProtocolException.class)
                .hasMessage("SAY frame of 2147483632 bytes exceeds the 65536-byte limit");
        assertThat(reader.bufferCapacity()).isEqualTo(64);
    }

    @Test
    void aLengthWithTheTopBitSetIsOversizedNotNegative() {
        ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE).putInt(0xFFFF_FFFF).put((byte) 0x85).putInt(1).flip();
        FrameReader reader = new FrameReader(TrickleChannel.of(header), Peer.SERVER, 64);
        assertThatThrownBy(reader::read).isInstanceOf(ProtocolException.class)
                .hasMessage("DATA frame of 4294967295 bytes exceeds the 4194304-byte limit");
    }

    @Test
    void dataFromAClientIsHeldToTheControlLimit() {
        ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE).putInt(1 << 20).put((byte) 0x85).putInt(1).flip();
        FrameReader reader = new FrameReader(TrickleChannel.of(header), Peer.CLIENT, 64);
        assertThatThrownBy(reader::read).isInstanceOf(ProtocolException.class)
                .hasMessage("type 0x85 frame of 1048576 bytes exceeds the 65536-byte limit");
    }

    @Test
    void anUnknownTypeIsSkippedAndTheNextFrameStillReads() throws Exception {
        ByteBuffer unknown = Bytes.frame(0x7E, 4, new byte[300]);
        ByteBuffer ping = MessageCodec.encode(5, new Ping(9));
        FrameReader reader = new FrameReader(new TrickleChannel(Bytes.concat(unknown, ping), 7), Peer.CLIENT, 16);

        Frame first = reader.read();
        assertThat(first.known()).isFalse();
        assertThat(first.code()).isEqualTo(0x7E);
        assertThat(first.id()).isEqualTo(4);
        assertThat(reader.read()).isEqualTo(new Frame(5, MessageType.PING.code(), new Ping(9)));
    }

    @Test
    void aFrameMeantForTheOtherDirectionIsNotAccepted() throws Exception {
        ByteBuffer welcome = MessageCodec.encode(0, new Welcome(Wire.PROTOCOL_VERSION, "Client01", "x", 8));
        FrameReader reader = new FrameReader(TrickleChannel.of(welcome), Peer.CLIENT, 64);
        Frame frame = reader.read();
        assertThat(frame.known()).isFalse();
        assertThat(frame.code()).isEqualTo(MessageType.WELCOME.code());
        assertThat(reader.read()).isNull();
    }

    @Test
    void dataPayloadGoesStraightIntoTheCallersBuffers() throws Exception {
        byte[] fileBytes = new byte[10_000];
        for (int i = 0; i < fileBytes.length; i++) {
            fileBytes[i] = (byte) (i * 31);
        }
        ByteBuffer data = Bytes.frame(0x85, 3, fileBytes);
        ByteBuffer ack = MessageCodec.encode(4, new Ack("hi"));
        FrameReader reader = new FrameReader(new TrickleChannel(Bytes.concat(data, ack), 4096), Peer.SERVER, 64);

        Frame frame = reader.read();
        assertThat(frame.message()).isEqualTo(new Data(10_000));
        ByteBuffer received = ByteBuffer.allocate(10_000);
        ByteBuffer small = ByteBuffer.allocate(3000);
        while (reader.dataRemaining() > 0) {
            small.clear();
            int n = reader.readData(small);
            assertThat(n).isEqualTo(small.position());
            received.put(small.flip());
        }
        assertThat(received.array()).isEqualTo(fileBytes);
        assertThat(reader.read().message()).isEqualTo(new Ack("hi"));
    }

    @Test
    void unreadDataIsSkippedByTheNextRead() throws Exception {
        ByteBuffer data = Bytes.frame(0x85, 3, new byte[5000]);
        ByteBuffer pong = MessageCodec.encode(4, new Pong(1));
        FrameReader reader = new FrameReader(new TrickleChannel(Bytes.concat(data, pong), 999), Peer.SERVER, 64);

        assertThat(reader.read().message()).isEqualTo(new Data(5000));
        reader.readData(ByteBuffer.allocate(10));
        assertThat(reader.dataRemaining()).isEqualTo(4990);
        assertThat(reader.read().message()).isEqualTo(new Pong(1));
    }

    @Test
    void aCloseInsideDataIsAProtocolError() throws Exception {
        ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE + 10).putInt(100).put((byte) 0x85).putInt(1)
                .put(new byte[10]).flip();
        FrameReader reader = new FrameReader(TrickleChannel.of(header), Peer.SERVER, 64);
        reader.read();
        assertThatThrownBy(() -> reader.readData(ByteBuffer.allocate(100))).isInstanceOf(ProtocolException.class)
                .hasMessage("connection closed inside a DATA frame (90 bytes missing)");
    }

    @Test
    void framesSentTogetherAreKnownToBeBufferedAndReadWithoutTouchingTheChannel() throws Exception {
        ByteBuffer three = ByteBuffer.wrap(Bytes.concat(MessageCodec.encode(1, new Ping(1)),
                MessageCodec.encode(2, new Ping(2)), MessageCodec.encode(3, new Ping(3))));
        byte[] partOfAFourth = new byte[Wire.HEADER_SIZE + 2];
        ByteBuffer.wrap(partOfAFourth).putInt(8);
        TrickleChannel channel = TrickleChannel.of(three, ByteBuffer.wrap(partOfAFourth));
        FrameReader reader = new FrameReader(channel, Peer.CLIENT, 256);
        assertThat(reader.hasBufferedFrame()).as("nothing read yet").isFalse();

        assertThat(reader.read().message()).isEqualTo(new Ping(1));
        int reads = channel.reads;
        assertThat(reader.hasBufferedFrame()).isTrue();
        assertThat(reader.read().message()).isEqualTo(new Ping(2));
        assertThat(reader.hasBufferedFrame()).isTrue();
        assertThat(reader.read().message()).isEqualTo(new Ping(3));
        assertThat(channel.reads).as("no read from the channel for frames already buffered").isEqualTo(reads);
        assertThat(reader.hasBufferedFrame()).as("a frame cut short").isFalse();
    }

    @Test
    void theBufferGrowsForALargeFrameAndShrinksBackAfterwards() throws Exception {
        ByteBuffer big = MessageCodec.encode(1, new Say("y".repeat(4000)));
        ByteBuffer small = MessageCodec.encode(2, new Say("z"));
        FrameReader reader = new FrameReader(TrickleChannel.of(big, small), Peer.CLIENT, 32);

        assertThat(((Say) reader.read().message()).text()).hasSize(4000);
        assertThat(((Say) reader.read().message()).text()).isEqualTo("z");
        assertThat(reader.read()).isNull();
        assertThat(reader.bufferCapacity()).isEqualTo(32);
    }
}
