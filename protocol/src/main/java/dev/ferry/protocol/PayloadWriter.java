package dev.ferry.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Builds one frame: reserves the header, appends payload fields, then fills the header in.
 * Throws {@link IllegalArgumentException} for a value the protocol cannot carry; that is a bug in
 * the sender, never a peer's fault.
 */
final class PayloadWriter {
    private final MessageType type;
    private byte[] bytes = new byte[64];
    private int size = Wire.HEADER_SIZE;

    PayloadWriter(MessageType type) {
        this.type = type;
    }

    PayloadWriter u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
        return this;
    }

    PayloadWriter u16(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(type + ": " + value + " does not fit in a u16");
        }
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
        return this;
    }

    PayloadWriter u32(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    PayloadWriter i64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            bytes[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    PayloadWriter bool(boolean value) {
        return u8(value ? 1 : 0);
    }

    PayloadWriter time(Instant time) {
        return i64(time.toEpochMilli());
    }

    PayloadWriter optionalTime(Instant time) {
        return i64(time == null ? -1 : time.toEpochMilli());
    }

    PayloadWriter string(String value, int maxBytes) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > maxBytes) {
            throw new IllegalArgumentException(type + ": a string of " + utf8.length
                    + " bytes exceeds its limit of " + maxBytes);
        }
        u16(utf8.length);
        return raw(utf8);
    }

    PayloadWriter raw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
        return this;
    }

    PayloadWriter errorCode(ErrorCode code) {
        return u16(code.code());
    }

    /** The finished frame, header included, positioned at 0 and ready to write. */
    ByteBuffer frame(int id) {
        int payload = size - Wire.HEADER_SIZE;
        if (payload > Wire.maxPayload(type)) {
            throw new IllegalArgumentException(type + ": payload of " + payload
                    + " bytes exceeds the limit of " + Wire.maxPayload(type));
        }
        ByteBuffer frame = ByteBuffer.wrap(bytes, 0, size);
        frame.putInt(payload).put((byte) type.code()).putInt(id);
        frame.position(0);
        return frame;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    /** Bytes a string takes on the wire: its u16 length and its UTF-8. */
    static int sizeOf(String value) {
        return 2 + utf8Length(value);
    }

    /** UTF-8 length of a string without encoding it. */
    static int utf8Length(CharSequence value) {
        int length = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }
}
