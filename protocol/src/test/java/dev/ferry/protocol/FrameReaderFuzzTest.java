package dev.ferry.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.FrameReader.Peer;
import java.io.IOException;
import java.nio.ByteBuffer;
import dev.ferry.protocol.testing.FigureFile;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * The frame reader against random and mutated input. Whatever the bytes, it must return frames,
 * end cleanly or throw a {@link ProtocolException}: never another exception, never a buffer
 * beyond one control frame, never more reads than the input can feed (the channel fails the read
 * that would exceed that, so a reader going round in circles fails here instead of hanging). The
 * cases tried and how they ended are recorded as figures.
 */
class FrameReaderFuzzTest {
    private static final int LARGEST_FRAME = Wire.HEADER_SIZE + Wire.MAX_CONTROL_PAYLOAD;
    private static final byte[] VALID_STREAM = validStream();
    /** Per property, how many cases ended which way. */
    private static final Map<String, Map<String, AtomicLong>> OUTCOMES = new ConcurrentSkipListMap<>();
    private static final AtomicLong BYTES_READ = new AtomicLong();

    @Property(tries = 10_000)
    void randomBytesNeverBreakTheReader(@ForAll @Size(max = 2048) byte[] bytes, @ForAll Peer peer,
            @ForAll @IntRange(min = 1, max = 64) int step) {
        tally("random bytes", outcome(bytes, peer, step));
    }

    @Property(tries = 10_000)
    void mutatedValidFramesNeverBreakTheReader(@ForAll("mutations") byte[] bytes, @ForAll Peer peer,
            @ForAll @IntRange(min = 1, max = 512) int step) {
        tally("mutated valid frames", outcome(bytes, peer, step));
    }

    @Property(tries = 2_000)
    void aLengthThatLiesAllocatesNothingBeyondTheLimit(@ForAll int claimedLength, @ForAll @IntRange(min = 0, max = 255) int type,
            @ForAll @Size(max = 300) byte[] actualPayload, @ForAll Peer peer) {
        ByteBuffer frame = ByteBuffer.allocate(Wire.HEADER_SIZE + actualPayload.length)
                .putInt(claimedLength).put((byte) type).putInt(1).put(actualPayload).flip();
        tally("lying lengths", outcome(Bytes.of(frame), peer, 4096));
    }

    private static void tally(String property, String outcome) {
        Statistics.collect(outcome);
        OUTCOMES.computeIfAbsent(property, p -> new ConcurrentSkipListMap<>())
                .computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
    }

    @AfterContainer
    static void recordFigures() {
        long total = 0;
        for (Map.Entry<String, Map<String, AtomicLong>> property : OUTCOMES.entrySet()) {
            long cases = property.getValue().values().stream().mapToLong(AtomicLong::get).sum();
            total += cases;
            FigureFile.record("fuzzing", "frame reader, " + property.getKey() + ": " + cases + " cases, "
                    + property.getValue().entrySet().stream().map(e -> e.getValue().get() + " " + e.getKey())
                            .collect(Collectors.joining(", "))
                    + "; no other exception, no buffer past " + LARGEST_FRAME + " bytes, no read past its budget");
        }
        if (total > 0) {
            FigureFile.record("fuzzing", "frame reader: " + total + " cases in all, " + BYTES_READ.get() + " bytes fed");
        }
    }

    /** Reads everything; returns how it ended. Fails the property on any broken promise. */
    private static String outcome(byte[] bytes, Peer peer, int step) {
        BYTES_READ.addAndGet(bytes.length);
        TrickleChannel channel = new TrickleChannel(bytes, step);
        FrameReader reader = new FrameReader(channel, peer, 64);
        int frames = 0;
        try {
            for (Frame frame = reader.read(); frame != null; frame = reader.read()) {
                frames++;
                assertThat(frames).as("every frame consumes at least a header").isLessThanOrEqualTo(bytes.length / Wire.HEADER_SIZE);
                if (frame.message() instanceof Message.Data || frame.message() instanceof Message.PutData) {
                    ByteBuffer sink = ByteBuffer.allocate(1024);
                    while (reader.dataRemaining() > 0) {
                        sink.clear();
                        reader.readData(sink);
                    }
                }
                assertThat(reader.bufferCapacity()).isLessThanOrEqualTo(LARGEST_FRAME);
            }
            return frames == 0 ? "empty" : "clean end";
        } catch (ProtocolException e) {
            assertThat(reader.bufferCapacity()).isLessThanOrEqualTo(LARGEST_FRAME);
            assertThat(e.getMessage()).isNotBlank();
            return "protocol error";
        } catch (IOException e) {
            throw new AssertionError("only ProtocolException may escape, got " + e, e);
        }
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, VALID_STREAM.length - 1);
        Arbitrary<Byte> value = Arbitraries.bytes();
        Arbitrary<Tuple.Tuple3<String, Integer, Byte>> one = Combinators.combine(
                Arbitraries.of("flip", "set", "truncate", "insert", "delete", "duplicate"), position, value).as(Tuple::of);
        return one.list().ofMinSize(1).ofMaxSize(8).map(FrameReaderFuzzTest::mutate);
    }

    private static byte[] mutate(List<Tuple.Tuple3<String, Integer, Byte>> edits) {
        byte[] bytes = VALID_STREAM.clone();
        for (Tuple.Tuple3<String, Integer, Byte> edit : edits) {
            int at = Math.min(edit.get2(), Math.max(0, bytes.length - 1));
            if (bytes.length == 0) {
                break;
            }
            switch (edit.get1()) {
                case "flip" -> bytes[at] ^= (byte) (1 << (edit.get3() & 7));
                case "set" -> bytes[at] = edit.get3();
                case "truncate" -> bytes = Arrays.copyOf(bytes, at);
                case "insert" -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = edit.get3();
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
                case "delete" -> {
                    byte[] shorter = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                    bytes = shorter;
                }
                case "duplicate" -> {
                    int end = Math.min(bytes.length, at + 16);
                    byte[] longer = new byte[bytes.length + (end - at)];
                    System.arraycopy(bytes, 0, longer, 0, end);
                    System.arraycopy(bytes, at, longer, end, bytes.length - at);
                    bytes = longer;
                }
                default -> throw new IllegalStateException(edit.get1());
            }
        }
        return bytes;
    }

    /** Every sample message in both directions, plus a DATA and a PUT_DATA frame. */
    private static byte[] validStream() {
        List<ByteBuffer> frames = new java.util.ArrayList<>();
        int id = 1;
        for (Message message : Samples.all()) {
            frames.add(MessageCodec.encode(id++, message));
        }
        frames.add(Bytes.frame(MessageType.DATA.code(), id, new byte[100]));
        frames.add(Bytes.frame(MessageType.PUT_DATA.code(), id, new byte[100]));
        return Bytes.concat(frames.toArray(ByteBuffer[]::new));
    }
}
