package dev.ferry.protocol;

/**
 * The numbers that define Ferry's wire format. {@code PROTOCOL.md} explains them in prose; this class
 * is their single definition in code.
 *
 * <p>Every frame, in both directions, is a 9-byte header followed by {@code length} payload bytes:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  payload length (u32, big-endian)             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   type (u8)   |           request id (u32, big-endian) ...    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ... id (low) |  payload (length bytes) ...                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The length is checked against {@link #maxPayload(MessageType)} before a single payload byte is
 * read or a buffer is sized: a frame over its limit is a {@link ProtocolException}.
 *
 * <p>Payload fields are big-endian; {@code str} is a u16 byte count followed by that many bytes of
 * UTF-8; {@code time} is an i64 of milliseconds since the Unix epoch.
 */
public final class Wire {
    private Wire() {}

    /** The protocol version this build speaks, sent in HELLO and WELCOME. */
    public static final int PROTOCOL_VERSION = 2;

    /** First field of HELLO: the bytes {@code F R Y 1}, so a stray client is told apart from a Ferry one. */
    public static final int HELLO_MAGIC = 0x46525931;

    /** Bytes in a frame header: length (4), type (1), request id (4). */
    public static final int HEADER_SIZE = 9;

    /** Largest payload of any frame other than DATA. */
    public static final int MAX_CONTROL_PAYLOAD = 64 * 1024;

    /**
     * Largest payload of a DATA frame (server to client) and of a PUT_DATA frame (client to
     * server); senders choose any chunk size up to this, and within the transfer's window.
     */
    public static final int MAX_DATA_PAYLOAD = 4 * 1024 * 1024;

    /** Largest file name, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 1024;

    /** Largest access key secret in HELLO, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 256;

    /** Largest chat text, in UTF-8 bytes. */
    public static final int MAX_TEXT_BYTES = 4096;

    /** Largest free-form reason, help or notice text, in UTF-8 bytes. */
    public static final int MAX_REASON_BYTES = 16 * 1024;

    /**
     * Smallest and largest flow-control window a GET may open, and largest a transfer may hold
     * (bytes). An upload's window, which the server opens in PUT_READY, lies between 0 and
     * {@link #MAX_WINDOW}.
     */
    public static final int MIN_WINDOW = 64 * 1024;

    public static final int MAX_WINDOW = 1 << 30;

    /** Length of a SHA-256 digest. */
    public static final int SHA256_BYTES = 32;

    /** Request id of frames that answer no request: handshake, events, unsolicited BYE. */
    public static final int NO_ID = 0;

    /** The port ferryd listens on unless told otherwise. */
    public static final int DEFAULT_PORT = 50000;

    /** Payload limit for one type of frame. */
    public static int maxPayload(MessageType type) {
        return type.carriesFileData() ? MAX_DATA_PAYLOAD : MAX_CONTROL_PAYLOAD;
    }
}
