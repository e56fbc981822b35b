package dev.ferry.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/** Small helpers for byte-level assertions. */
final class Bytes {
    private Bytes() {}

    static byte[] of(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    static String hex(ByteBuffer buffer) {
        return HexFormat.of().formatHex(of(buffer));
    }

    static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static byte[] concat(ByteBuffer... buffers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer buffer : buffers) {
            out.writeBytes(of(buffer));
        }
        return out.toByteArray();
    }

    static ByteBuffer frame(int type, int id, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(Wire.HEADER_SIZE + payload.length);
        frame.putInt(payload.length).put((byte) type).putInt(id).put(payload).flip();
        return frame;
    }
}
