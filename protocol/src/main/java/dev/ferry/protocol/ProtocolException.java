package dev.ferry.protocol;

import java.io.IOException;

/**
 * The bytes on a connection broke the protocol: a frame over its limit, a truncated or malformed
 * payload, a message out of order. The connection cannot continue; the peer is told why (an ERROR
 * or REFUSED frame with {@link #code()}) and disconnected.
 */
public class ProtocolException extends IOException {
    private final ErrorCode code;

    public ProtocolException(String message) {
        this(ErrorCode.PROTOCOL_ERROR, message);
    }

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The code the peer is sent before the connection closes. */
    public ErrorCode code() {
        return code;
    }
}
