package dev.ferry.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Reads the fields of one payload, turning every shortfall or bad value into a {@link ProtocolException}. */
final class PayloadReader {
    private final MessageType type;
    private final ByteBuffer in;

    PayloadReader(MessageType type, ByteBuffer in) {
        this.type = type;
        this.in = in;
    }

    int u8(String field) throws ProtocolException {
        need(1, field);
        return in.get() & 0xFF;
    }

    int u16(String field) throws ProtocolException {
        need(2, field);
        return in.getShort() & 0xFFFF;
    }

    int i32(String field) throws ProtocolException {
        need(4, field);
        return in.getInt();
    }

    /** A u32 that must fit in a non-negative int. */
    int u31(String field) throws ProtocolException {
        need(4, field);
        int value = in.getInt();
        if (value < 0) {
            throw fail(field + " " + Integer.toUnsignedString(value) + " is out of range");
        }
        return value;
    }

    /** A u64 that must fit in a non-negative long. */
    long u63(String field) throws ProtocolException {
        long value = i64(field);
        if (value < 0) {
            throw fail(field + " " + Long.toUnsignedString(value) + " is out of range");
        }
        return value;
    }

    long i64(String field) throws ProtocolException {
        need(8, field);
        return in.getLong();
    }

    boolean bool(String field) throws ProtocolException {
        int value = u8(field);
        if (value > 1) {
            throw fail(field + " must be 0 or 1, was " + value);
        }
        return value == 1;
    }

    Instant time(String field) throws ProtocolException {
        return Instant.ofEpochMilli(i64(field));
    }

    /** A time, or null where the wire holds -1. */
    Instant optionalTime(String field) throws ProtocolException {
        long millis = i64(field);
        return millis == -1 ? null : Instant.ofEpochMilli(millis);
    }

    String string(String field, int maxBytes) throws ProtocolException {
        int length = u16(field + " length");
        if (length > maxBytes) {
            throw fail(field + " is " + length + " bytes; the limit is " + maxBytes);
        }
        need(length, field);
        ByteBuffer bytes = in.slice(in.position(), length);
        in.position(in.position() + length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(bytes);
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw fail(field + " is not valid UTF-8");
        }
    }

    byte[] bytes(int count, String field) throws ProtocolException {
        need(count, field);
        byte[] bytes = new byte[count];
        in.get(bytes);
        return bytes;
    }

    /** A count of items, each at least {@code minItemBytes} long, so a lying count is caught at once. */
    int count(String field, int minItemBytes) throws ProtocolException {
        int count = u31(field);
        if ((long) count * minItemBytes > in.remaining()) {
            throw fail(field + " " + count + " does not fit in the " + in.remaining() + " bytes left");
        }
        return count;
    }

    ErrorCode errorCode(String field) throws ProtocolException {
        return ErrorCode.fromCode(u16(field));
    }

    /** Bytes not yet read. */
    int remaining() {
        return in.remaining();
    }

    /**
     * A string that is only kept for a message to a person: too long, cut short or not UTF-8, it
     * comes back as what could be read, never an error.
     */
    String lenientString(int maxBytes) {
        int length = Math.min(in.getShort() & 0xFFFF, Math.min(maxBytes, in.remaining()));
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Leaves the rest of the payload unread, on purpose. */
    void skipRest() {
        in.position(in.limit());
    }

    void end() throws ProtocolException {
        if (in.hasRemaining()) {
            throw fail(in.remaining() + " unexpected bytes after the payload");
        }
    }

    ProtocolException fail(String detail) {
        return new ProtocolException(type + ": " + detail);
    }

    private void need(int count, String field) throws ProtocolException {
        if (in.remaining() < count) {
            throw fail("payload ends inside " + field);
        }
    }
}
