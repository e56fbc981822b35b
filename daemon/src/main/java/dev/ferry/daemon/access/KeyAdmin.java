package dev.ferry.daemon.access;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code ferryd invite}, {@code ferryd keys} and {@code ferryd revoke} do to the keys file;
 * a running daemon sees each change within a fraction of a second.
 */
public final class KeyAdmin {
    private final KeysFile file;
    private final Clock clock;

    public KeyAdmin(KeysFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** A key just made: its secret, which exists nowhere else, and what the file keeps of it. */
    public record NewKey(String secret, AccessKey key) {
        @Override
        public String toString() {
            return "NewKey[" + key + ", secret=(secret)]";
        }
    }

    /**
     * Makes a key and writes its hash to the file.
     *
     * @param label    whom it is for; null picks {@code guest1}, {@code guest2}, … (the first free one)
     * @param lifetime how long it works, or null for ever
     */
    public NewKey create(String label, boolean write, Duration lifetime) throws IOException {
        if (label != null) {
            AccessKey.checkLabel(label);
        }
        if (lifetime != null && (lifetime.isNegative() || lifetime.isZero())) {
            throw new IllegalArgumentException("--expires must be a positive duration");
        }
        String secret = Secrets.newSecret();
        Instant now = clock.instant();
        AccessKey[] made = new AccessKey[1];
        file.update(keys -> {
            Set<String> ids = keys.stream().map(AccessKey::id).collect(Collectors.toSet());
            String id;
            do {
                id = Secrets.newId();
            } while (ids.contains(id));
            if (label != null && keys.stream().anyMatch(k -> k.label().equals(label) && k.status(now) == AccessKey.Status.ACTIVE)) {
                throw new IllegalArgumentException("a working key is labelled '" + label
                        + "' already: choose another label, or revoke that key first");
            }
            String name = label != null ? label : freeGuestLabel(keys);
            made[0] = new AccessKey(id, name, Secrets.hash(secret), now, null, write, lifetime == null ? null : now.plus(lifetime), null);
            keys.add(made[0]);
            return keys;
        });
        return new NewKey(secret, made[0]);
    }

    /** Every key, as the file has it. */
    public List<AccessKey> list() throws IOException {
        return file.read();
    }

    /**
     * Revokes the key with this id, or the keys with this label that still work.
     *
     * @return the keys revoked now
     * @throws IllegalArgumentException if no working key has that id or label
     */
    public List<AccessKey> revoke(String labelOrId) throws IOException {
        Instant now = clock.instant();
        List<AccessKey> revoked = new ArrayList<>();
        List<AccessKey> matched = new ArrayList<>();
        file.update(keys -> {
            boolean byId = keys.stream().anyMatch(k -> k.id().equals(labelOrId));
            keys.replaceAll(k -> {
                boolean match = byId ? k.id().equals(labelOrId) : k.label().equals(labelOrId);
                if (!match) {
                    return k;
                }
                matched.add(k);
                if (k.revoked() != null) {
                    return k;
                }
                AccessKey done = k.withRevoked(now);
                revoked.add(done);
                return done;
            });
            return keys;
        });
        if (matched.isEmpty()) {
            throw new IllegalArgumentException("no key has the id or label '" + labelOrId + "' ('ferryd keys' lists them)");
        }
        if (revoked.isEmpty()) {
            throw new IllegalArgumentException("'" + labelOrId + "' was revoked already");
        }
        return revoked;
    }

    private static String freeGuestLabel(List<AccessKey> keys) {
        Set<String> labels = keys.stream().map(AccessKey::label).collect(Collectors.toSet());
        int n = 1;
        while (labels.contains("guest" + n)) {
            n++;
        }
        return "guest" + n;
    }
}
