package dev.ferry.daemon.shared;

import dev.ferry.protocol.ErrorCode;

/**
 * A request that cannot be served: no such file, a refused name, a bad offset. It becomes an ERROR
 * reply with the request's id, and the session goes on. The message is for people and names the
 * thing that was wrong; it never carries a stack trace or a server-side path.
 */
public final class RequestFailure extends Exception {
    private final ErrorCode code;

    public RequestFailure(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
