package dev.ferry.daemon.access;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One access key as the daemon keeps it: never the secret, only its SHA-256. A secret is 256
 * random bits, so a fast hash is enough: there is nothing to guess from it.
 *
 * @param id       eight hex digits, public: {@code ferryd keys} shows it, {@code ferryd revoke} takes it
 * @param label    a short name for whom the key was made, shown beside the client's name
 * @param sha256   the secret's SHA-256, 64 hex digits
 * @param lastUsed when a client last came in with it, or null
 * @param expires  when it stops working, or null for never
 * @param revoked  when it was revoked, or null; a revoked key is kept so that its use is told apart from a wrong key
 */
public record AccessKey(String id, String label, String sha256, Instant created, Instant lastUsed, boolean write,
        Instant expires, Instant revoked) {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._@+-]{1,32}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public AccessKey {
        Objects.requireNonNull(created, "created");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id must be eight hex digits");
        }
        checkLabel(label);
        if (!HASH.matcher(sha256).matches()) {
            throw new IllegalArgumentException("key hash must be 64 hex digits");
        }
    }

    /** Checks a label: 1 to 32 letters, digits and {@code . _ @ + -}, so it reads the same in a table and a log. */
    public static String checkLabel(String label) {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("a label is 1 to 32 letters, digits and . _ @ + -, not '"
                    + (label == null ? "" : label.replaceAll("\\p{Cntrl}", "?")) + "'");
        }
        return label;
    }

    /** Whether it works at {@code now}. */
    public Status status(Instant now) {
        if (revoked != null) {
            return Status.REVOKED;
        }
        if (expires != null && !now.isBefore(expires)) {
            return Status.EXPIRED;
        }
        return Status.ACTIVE;
    }

    /** What a session that came in with this key may do. */
    public Access access() {
        return new Access(id, label, write);
    }

    public AccessKey withLastUsed(Instant at) {
        return new AccessKey(id, label, sha256, created, at, write, expires, revoked);
    }

    public AccessKey withRevoked(Instant at) {
        return new AccessKey(id, label, sha256, created, lastUsed, write, expires, at);
    }

    /** Whether a key works: in use, revoked, or past its expiry. */
    public enum Status { ACTIVE, REVOKED, EXPIRED }
}
