package dev.ferry.protocol;

import java.util.Optional;

/**
 * Every frame type and its one-byte wire code. Codes below 0x80 travel from client to server,
 * codes from 0x80 up from server to client.
 */
public enum MessageType {
    // client to server
    HELLO(0x01),
    LIST(0x02),
    GET(0x03),
    CANCEL(0x04),
    STATUS(0x05),
    WHO(0x06),
    PING(0x07),
    UPTIME(0x08),
    HELP(0x09),
    ABOUT(0x0A),
    SAY(0x0B),
    EXIT(0x0C),
    WINDOW(0x0D),
    MSG(0x0E),
    PUT(0x10),
    PUT_DATA(0x11),
    PUT_END(0x12),
    WATCH(0x18),

    // server to client
    WELCOME(0x81),
    REFUSED(0x82),
    FILE_LIST(0x83),
    FILE_HEADER(0x84),
    DATA(0x85),
    FILE_END(0x86),
    STATUS_REPLY(0x87),
    WHO_REPLY(0x88),
    PONG(0x89),
    UPTIME_REPLY(0x8A),
    HELP_REPLY(0x8B),
    ABOUT_REPLY(0x8C),
    ACK(0x8D),
    ERROR(0x8E),
    BYE(0x8F),
    JOINED(0x90),
    LEFT(0x91),
    CHAT(0x92),
    NOTICE(0x93),
    PRIVATE(0x94),
    EARLIER(0x95),
    PUT_READY(0xA0),
    PUT_WINDOW(0xA1),
    PUT_DONE(0xA2),
    FILES_CHANGED(0xA8),
    UPLOADED(0xA9);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    /** The byte that names this type on the wire. */
    public int code() {
        return code;
    }

    /** True for the types a client sends; false for those a server sends. */
    public boolean fromClient() {
        return code < 0x80;
    }

    /**
     * True for the two types whose payload is file data (DATA one way, PUT_DATA the other): the
     * reader hands their payload out with {@link FrameReader#readData} instead of decoding it.
     */
    public boolean carriesFileData() {
        return this == DATA || this == PUT_DATA;
    }

    /** The type with this wire code, or empty if this build does not know it. */
    public static Optional<MessageType> fromCode(int code) {
        if (code < 0 || code > 255) {
            return Optional.empty();
        }
        return Optional.ofNullable(BY_CODE[code]);
    }
}
