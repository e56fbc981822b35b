package dev.ferry.daemon.access;

import dev.ferry.protocol.ErrorCode;

/** What the daemon makes of the key a client presented. */
public sealed interface Verdict {
    /** The key works: the session may do what {@code access} allows. */
    record Granted(Access access) implements Verdict {}

    /** The client may not come in: REFUSED with this code and reason. */
    record Denied(ErrorCode code, String reason, String logged) implements Verdict {}

    static Denied noKey() {
        return new Denied(ErrorCode.UNAUTHORIZED, "this server needs an access key: ask its owner for an invitation"
                + " (ferryd invite) and run 'ferry join' with it", "no access key");
    }

    static Denied unknown() {
        return new Denied(ErrorCode.UNAUTHORIZED, "access key not recognised: check the key, or ask the server's owner"
                + " for a new invitation", "an unknown access key");
    }

    static Denied revoked(AccessKey key) {
        return new Denied(ErrorCode.KEY_REVOKED, "your access key '" + key.label() + "' was revoked; ask the server's"
                + " owner for a new invitation", "revoked key " + key.id() + " (" + key.label() + ")");
    }

    static Denied expired(AccessKey key) {
        return new Denied(ErrorCode.KEY_EXPIRED, "your access key '" + key.label() + "' expired at " + key.expires()
                + "; ask the server's owner for a new invitation", "expired key " + key.id() + " (" + key.label() + ")");
    }
}
