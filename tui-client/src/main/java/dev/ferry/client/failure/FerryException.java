package dev.ferry.client.failure;

import dev.ferry.protocol.ErrorCode;
import java.io.IOException;

/**
 * Why something the client asked for did not happen, in one line a person can act on. The
 * {@link Kind} says what sort of failure it was; for failures the server reported, {@link #code()}
 * is its error code.
 */
public final class FerryException extends IOException {

    /** What went wrong, broadly; the command line maps these to exit codes. */
    public enum Kind {
        /** No connection could be made: unknown host, refused, unreachable, timed out. */
        CONNECT,
        /** The server answered the handshake with REFUSED (full, busy, wrong version). */
        REFUSED,
        /** The server answered a request with ERROR. */
        REMOTE,
        /** The connection ended while the request was in flight. */
        LOST,
        /** A transfer's SHA-256 did not match. */
        INTEGRITY,
        /**
         * The server is not one to talk to: its fingerprint is unknown and nothing vouches for it,
         * or it changed.
         */
        NOT_TRUSTED,
        /** A problem on this machine: a folder cannot be made, the disk is full. */
        LOCAL,
        /**
         * A file is in the way: a download's file exists already, or a .part that Ferry did not
         * write; or the server has a file under an upload's name. The message says which; the
         * transfer with overwrite replaces it.
         */
        EXISTS,
        /** The server broke the protocol. */
        PROTOCOL,
        /** The request was cancelled. */
        CANCELLED
    }

    private final Kind kind;
    private final ErrorCode code;
    private final String reason;

    public FerryException(Kind kind, String message) {
        this(kind, null, message, null);
    }

    public FerryException(Kind kind, ErrorCode code, String message) {
        this(kind, code, message, null);
    }

    public FerryException(Kind kind, ErrorCode code, String message, Throwable cause) {
        this(kind, code, message, "", cause);
    }

    /**
     * A failure whose message is {@code reason} followed by {@code note}: what happened, then what
     * was left behind and how to go on (such as the .part a download kept).
     */
    public FerryException(Kind kind, ErrorCode code, String reason, String note, Throwable cause) {
        super(reason + note, cause);
        this.kind = kind;
        this.code = code;
        this.reason = reason;
    }

    public Kind kind() {
        return kind;
    }

    /** The server's error code, or null for failures the server did not report. */
    public ErrorCode code() {
        return code;
    }

    /**
     * What happened, without the note on what was kept and how to go on that the message may end
     * with; for a caller that says that in its own words (the UI resumes downloads by itself).
     */
    public String reason() {
        return reason;
    }

    /**
     * True if the server would not let this client in: no access key, a wrong, revoked or expired
     * one, or an address locked out after wrong keys; or it may not change the repository (an
     * upload with a read-only key, or to a server that takes none). Trying again will not help; a
     * new key will.
     */
    public boolean notAllowed() {
        return code == ErrorCode.READ_ONLY || code == ErrorCode.UNAUTHORIZED || code == ErrorCode.LOCKED_OUT || code == ErrorCode.KEY_REVOKED
                || code == ErrorCode.KEY_EXPIRED;
    }

    /**
     * True if the server refused the connection for want of room: every slot taken
     * ({@code SERVER_FULL}), or too many connections still in their handshake ({@code SERVER_BUSY}).
     * Either way, trying again later may work.
     */
    public boolean serverFull() {
        return kind == Kind.REFUSED && (code == ErrorCode.SERVER_FULL || code == ErrorCode.SERVER_BUSY);
    }
}
