package dev.ferry.daemon.access;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon's view of its access keys. It reads the keys file at start and again
 * whenever the file changes ({@link #reloadIfChanged}, which the watchdog calls ten times a
 * second), so a key made or revoked by {@code ferryd invite} or {@code ferryd revoke} while the
 * daemon runs counts within a fraction of a second. Keys are found by the hash of the secret a
 * client presents; the secret itself is never kept or logged.
 */
public final class KeyRing {
    private static final Logger log = LoggerFactory.getLogger(KeyRing.class);
    /** "Last used" is written at most this often per key: a reconnecting client must not keep the disk busy. */
    private static final Duration LAST_USED_STEP = Duration.ofMinutes(1);

    private final KeysFile file;
    private final Clock clock;
    private volatile Map<String, AccessKey> byHash = Map.of();
    private volatile Map<String, AccessKey> byId = Map.of();
    /** The file as last read; guarded by this. */
    private Object stamp;
    /** The last reload's failure, so that a broken file is logged once, not ten times a second; guarded by this. */
    private String failure;

    private KeyRing(KeysFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /**
     * Reads the keys file.
     *
     * @throws IOException if it exists but cannot be read or holds something that is not a key
     */
    public static KeyRing load(KeysFile file, Clock clock) throws IOException {
        KeyRing ring = new KeyRing(file, clock);
        synchronized (ring) {
            ring.stamp = file.stamp();
            ring.replace(file.read());
        }
        return ring;
    }

    /** Rereads the file if it changed since the last look; a file that cannot be read leaves the keys as they were. */
    public synchronized boolean reloadIfChanged() {
        Object now = file.stamp();
        if (Objects.equals(now, stamp)) {
            return false;
        }
        try {
            List<AccessKey> keys = file.read();
            stamp = now;
            failure = null;
            int before = byId.size();
            replace(keys);
            log.info("access keys reloaded from {}: {} usable of {}{}", file.path(), usable(), keys.size(),
                    keys.size() == before ? "" : " (was " + before + ")");
            return true;
        } catch (IOException e) {
            if (!e.getMessage().equals(failure)) {
                failure = e.getMessage();
                log.warn("access keys not reloaded, the keys read before stay in force: {}", e.getMessage());
            }
            return false;
        }
    }

    private void replace(List<AccessKey> keys) {
        Map<String, AccessKey> hashes = new HashMap<>();
        Map<String, AccessKey> ids = new HashMap<>();
        for (AccessKey key : keys) {
            hashes.put(key.sha256(), key);
            ids.put(key.id(), key);
        }
        byHash = Map.copyOf(hashes);
        byId = Map.copyOf(ids);
    }

    /**
     * What a presented secret is worth now. The file is looked at first, so a key made or revoked
     * a moment ago counts already.
     */
    public Verdict check(String secret) {
        if (secret.isEmpty()) {
            return Verdict.noKey();
        }
        reloadIfChanged();
        AccessKey key = byHash.get(Secrets.hash(secret));
        if (key == null) {
            return Verdict.unknown();
        }
        return switch (key.status(clock.instant())) {
            case ACTIVE -> new Verdict.Granted(key.access());
            case REVOKED -> Verdict.revoked(key);
            case EXPIRED -> Verdict.expired(key);
        };
    }

    /**
     * Whether a session let in with {@code access} must now go: its key revoked, expired or
     * taken out of the file. Empty for a session without a key, or whose key still works.
     */
    public Optional<Verdict.Denied> recheck(Access access) {
        if (!access.keyed()) {
            return Optional.empty();
        }
        AccessKey key = byId.get(access.keyId());
        if (key == null) {
            return Optional.of(Verdict.revoked(new AccessKey(access.keyId(), access.label(), "0".repeat(64),
                    Instant.EPOCH, null, false, null, Instant.EPOCH)));
        }
        return switch (key.status(clock.instant())) {
            case ACTIVE -> Optional.empty();
            case REVOKED -> Optional.of(Verdict.revoked(key));
            case EXPIRED -> Optional.of(Verdict.expired(key));
        };
    }

    /** Records that a client came in with this key, at most once a minute per key. */
    public void used(Access access) {
        AccessKey key = byId.get(access.keyId());
        Instant now = clock.instant();
        if (key == null || (key.lastUsed() != null && key.lastUsed().plus(LAST_USED_STEP).isAfter(now))) {
            return;
        }
        try {
            List<AccessKey> written = file.update(keys -> {
                keys.replaceAll(k -> k.id().equals(key.id()) ? k.withLastUsed(now) : k);
                return keys;
            });
            synchronized (this) {
                stamp = file.stamp();
                replace(written);
            }
        } catch (IOException e) {
            log.warn("could not record when key {} ({}) was last used: {}", key.id(), key.label(), e.getMessage());
        }
    }

    /** Keys that work now. */
    public long usable() {
        Instant now = clock.instant();
        return byId.values().stream().filter(k -> k.status(now) == AccessKey.Status.ACTIVE).count();
    }

    public KeysFile file() {
        return file;
    }
}
