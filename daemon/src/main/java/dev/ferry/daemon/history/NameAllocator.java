package dev.ferry.daemon.history;

/**
 * Hands out client names in order: Client01, Client02, …, Client99, Client100, … A name is never
 * handed out twice during the allocator's life. Not thread-safe: its owner serialises admissions.
 */
public final class NameAllocator {
    private long next = 1;

    /** The next unused name. */
    public String next() {
        return "Client%02d".formatted(next++);
    }
}
