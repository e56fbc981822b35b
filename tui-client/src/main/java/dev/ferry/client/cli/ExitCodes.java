package dev.ferry.client.cli;

import dev.ferry.client.failure.FerryException;

/** The exit status of every ferry command. */
public final class ExitCodes {
    /** Everything asked for was done. */
    public static final int OK = 0;
    /** A command failed: no such file, a refused name, an integrity failure, a lost connection. */
    public static final int FAILED = 1;
    /** The command line itself was wrong. */
    public static final int USAGE = 2;
    /** The server had no room: every slot taken, or too many connections in their handshake. */
    public static final int SERVER_FULL = 3;
    /** No connection could be made. */
    public static final int CANNOT_CONNECT = 4;
    /**
     * Not trusted or not allowed: the server's fingerprint is unknown with nothing to vouch for it, or
     * changed; or the server refused the access key (none, wrong, revoked, expired, locked out).
     */
    public static final int NOT_ALLOWED = 5;

    private ExitCodes() {}

    /** The status for a failure. */
    public static int of(FerryException failure) {
        if (failure.kind() == FerryException.Kind.CONNECT) {
            return CANNOT_CONNECT;
        }
        if (failure.notAllowed() || failure.kind() == FerryException.Kind.NOT_TRUSTED) {
            return NOT_ALLOWED;
        }
        return failure.serverFull() ? SERVER_FULL : FAILED;
    }
}
