package dev.ferry.protocol;

/**
 * Stable error codes carried by ERROR, REFUSED and NOTICE frames. The numbers never change meaning;
 * new codes are only ever added. A code this build does not know decodes as {@link #UNKNOWN}.
 */
public enum ErrorCode {
    UNKNOWN(0, "unknown error"),

    // connection-level: sent in REFUSED, or in ERROR with id 0 just before the server closes
    PROTOCOL_ERROR(1, "protocol error"),
    UNSUPPORTED_VERSION(2, "unsupported protocol version"),
    SERVER_FULL(3, "server full"),
    SERVER_BUSY(4, "server busy"),
    HANDSHAKE_TIMEOUT(5, "handshake timeout"),
    IDLE_TIMEOUT(6, "idle timeout"),
    SHUTTING_DOWN(7, "server shutting down"),
    TOO_MANY_REQUESTS(8, "too many requests"),
    TOO_MANY_TRANSFERS(9, "too many transfers"),
    /** In a NOTICE: events were dropped because the client fell behind reading them. */
    EVENTS_DROPPED(10, "events dropped"),
    /** In REFUSED: the server needs an access key and HELLO carried none, or one it does not know. */
    UNAUTHORIZED(11, "access key required or not recognised"),
    /** In REFUSED: too many failed access keys came from the client's address; it must wait. */
    LOCKED_OUT(12, "address locked out after failed access keys"),
    /** In REFUSED, or in a NOTICE that ends a session: the client's access key was revoked. */
    KEY_REVOKED(13, "access key revoked"),
    /** In REFUSED, or in a NOTICE that ends a session: the client's access key has expired. */
    KEY_EXPIRED(14, "access key expired"),

    // request-level: sent in ERROR with the request's id; the session goes on
    UNKNOWN_COMMAND(20, "unknown command"),
    NO_SUCH_FILE(21, "no such file"),
    BAD_NAME(22, "name refused"),
    NOT_A_FILE(23, "not a regular file"),
    BAD_OFFSET(24, "offset beyond end of file"),
    FILE_CHANGED(25, "file changed while it was being sent"),
    READ_FAILED(26, "server could not read the file"),
    CANCELLED(27, "cancelled"),
    /** Sent by version 1 only, for the request that reused a live id; version 2 ends the connection with {@link #ID_IN_USE}. */
    DUPLICATE_ID(28, "request id already in use"),
    BAD_REQUEST(29, "bad request"),
    SLOW_DOWN(30, "too many messages"),

    // connection-level again: a request the server cannot tell apart from other frames
    /** A request with id 0, the id of frames that answer no request. */
    BAD_ID(31, "request id 0"),
    /** A request that reused the id of a transfer still running. */
    ID_IN_USE(32, "request id in use"),

    // request-level: the session goes on
    /** MSG named a client that is not connected (or the sender itself). */
    NO_SUCH_CLIENT(35, "no such client"),

    // request-level, uploads: a PUT refused before its first byte, or an upload that failed
    /** The client may not change the repository: uploads are off, or its access key may only read. */
    READ_ONLY(40, "uploads not allowed"),
    /** A file of that name exists, and the PUT did not ask to replace it. */
    EXISTS(41, "file exists"),
    /** The same name is being uploaded now, by this client or another. */
    UPLOAD_BUSY(42, "name being uploaded"),
    /** The upload is larger than the server accepts. */
    TOO_LARGE(43, "upload too large"),
    /** The server's disk has no room for the upload, announced or part-way. */
    NO_SPACE(44, "not enough free space"),
    /** The bytes received do not hash to the SHA-256 the client sent. */
    DIGEST_MISMATCH(45, "data does not match its digest"),
    /** The server could not write the file, for a reason other than space. */
    WRITE_FAILED(46, "server could not write the file"),
    INTERNAL(99, "internal server error");

    private final int code;
    private final String summary;

    ErrorCode(int code, String summary) {
        this.code = code;
        this.summary = summary;
    }

    /** The u16 that carries this error on the wire. */
    public int code() {
        return code;
    }

    /** A few words for people, such as "no such file". */
    public String summary() {
        return summary;
    }

    /** The error with this wire code, or {@link #UNKNOWN}. */
    public static ErrorCode fromCode(int code) {
        for (ErrorCode error : values()) {
            if (error.code == code) {
                return error;
            }
        }
        return UNKNOWN;
    }
}
