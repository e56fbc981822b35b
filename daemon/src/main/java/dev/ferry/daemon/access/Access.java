package dev.ferry.daemon.access;

import java.util.Objects;

/**
 * What an admitted session may do, and on whose key: the key's id and label (empty for a client
 * that came in without one, where the server needs none) and whether it may change the repository.
 * Every session carries one, so that a request that writes can check it.
 */
public record Access(String keyId, String label, boolean write) {
    /** A client without a key, on a server that needs none: it may read. */
    public static final Access ANONYMOUS = new Access("", "", false);

    public Access {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(label, "label");
    }

    /** True if the session came in with an access key. */
    public boolean keyed() {
        return !keyId.isEmpty();
    }

    /** {@code read} or {@code read, write}, as {@code ferryd keys} shows it. */
    public String permissions() {
        return write ? "read, write" : "read";
    }
}
