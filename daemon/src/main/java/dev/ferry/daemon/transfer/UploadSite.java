package dev.ferry.daemon.transfer;

import dev.ferry.daemon.changes.RepositoryEvents;
import dev.ferry.daemon.repository.PartialSweeper;
import dev.ferry.daemon.repository.Repository;
import dev.ferry.daemon.repository.UploadFolder;
import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.shared.MemoryBudget;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every session's uploads share: the repository they write into, the limits, the names
 * being uploaded now (one upload per name at a time, across all clients), the partials they
 * hold (which the sweeper must leave alone), the memory budget their buffers come out of, and
 * where a committed upload is announced.
 */
public final class UploadSite {
    private final Repository repository;
    private final DaemonConfig.Uploads limits;
    private final MemoryBudget memory;
    private final RepositoryEvents events;
    private final Optional<String> unavailable;
    private final Set<String> names = ConcurrentHashMap.newKeySet();
    private final Set<Object> partials = ConcurrentHashMap.newKeySet();
    private final PartialSweeper sweeper;
    /** Where a resume's held prefix is hashed, off the sessions' readers. */
    private volatile Executor prefixHashing;

    /** @param hashing where a resume's held prefix is hashed: the daemon's hashing threads, never a session's reader */
    public UploadSite(Repository repository, DaemonConfig.Uploads limits, MemoryBudget memory, RepositoryEvents events,
            Clock clock, Executor hashing) {
        this.prefixHashing = hashing;
        this.repository = repository;
        this.limits = limits;
        this.memory = memory;
        this.events = events;
        this.unavailable = UploadFolder.unavailable(repository.root());
        this.sweeper = new PartialSweeper(repository.root(), limits.partialTtl(), clock, partials::contains);
    }

    /** Why this daemon cannot take uploads at all on this system, or empty if it can. */
    public Optional<String> unavailable() {
        return unavailable;
    }

    /** True if a client without a key may upload ({@code --uploads}) and uploads work here. */
    public boolean openToAll() {
        return limits.open() && unavailable.isEmpty();
    }

    /** Removes the partials nobody resumed in time; returns how many. */
    public int sweep() {
        return sweeper.sweep();
    }

    Executor prefixHashing() {
        return prefixHashing;
    }

    /**
     * Hashes resumes' held prefixes on {@code hashing} from now on. A seam for tests, which hold the
     * hashing to show that the session goes on serving meanwhile.
     */
    public void prefixHashing(Executor hashing) {
        this.prefixHashing = hashing;
    }

    Repository repository() {
        return repository;
    }

    DaemonConfig.Uploads limits() {
        return limits;
    }

    MemoryBudget memory() {
        return memory;
    }

    RepositoryEvents events() {
        return events;
    }

    /**
     * Takes the name for one upload; false if another upload of it, or of a name that looks the
     * same (the same letters in another Unicode form), is running.
     */
    boolean claim(String name) {
        return names.add(UploadFolder.lookAlikeKey(name));
    }

    void release(String name) {
        names.remove(UploadFolder.lookAlikeKey(name));
    }

    /** Marks a partial (by its file key) as held by a running upload, or no longer. */
    void holding(Object partialKey, boolean held) {
        if (partialKey == null) {
            return;
        }
        if (held) {
            partials.add(partialKey);
        } else {
            partials.remove(partialKey);
        }
    }
}
