package dev.ferry.daemon.shared;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory the daemon lets its clients' replies take, all sessions together: a budget it owns,
 * set from the heap it runs in ({@link #forHeap}), so that the number of clients, and what each
 * asks for, never adds up to more than the heap holds.
 *
 * <p>A reply waiting to be written holds its bytes from the moment it is queued until it is on the
 * wire. Each session may hold a {@link #share() share} (the budget over the client limit) whatever
 * the others do: past the budget a reply still fits if its session stays within its share, so a
 * client that reads its replies is never refused because others do not. Beyond that it does not
 * fit, and the session that asked is dropped. So replies never hold more than twice the budget.
 * Before it gets that far, a session's reader stops reading while its replies exceed
 * {@link #pauseAt()} (see {@code Outbound.awaitRoom}): a client that asks faster than it reads is
 * slowed to the pace at which it reads.
 *
 * <p>A session's fixed buffers (those of an encrypted connection, say) are taken with
 * {@link #hold} when it starts and given back when it ends; they leave less for replies.
 *
 * <p>Thread-safe.
 */
public final class MemoryBudget {
    /**
     * The least a session's reader lets wait before it pauses: one write's worth of control frames,
     * as much as a connection's writer carries in one write.
     */
    public static final int MIN_PAUSE = 64 * 1024;

    private final long total;
    private final long share;
    private final long pauseAt;
    private final AtomicLong used = new AtomicLong();

    /**
     * @param total       bytes all sessions' replies may take together
     * @param maxClients  sessions that may hold a share at once
     * @param maxPerSession a session's own bound, which its pause stays well below
     */
    public MemoryBudget(long total, int maxClients, long maxPerSession) {
        if (total <= 0) {
            throw new IllegalArgumentException("memory budget must be positive");
        }
        this.total = total;
        this.share = Math.max(MIN_PAUSE, total / Math.max(1, maxClients));
        this.pauseAt = Math.max(MIN_PAUSE, Math.min(share / 4, maxPerSession / 4));
    }

    /** A quarter of the largest heap this JVM may have: the rest is for everything else a session and the daemon hold. */
    public static long forHeap(long maxHeap) {
        long heap = maxHeap == Long.MAX_VALUE ? 1L << 30 : maxHeap;
        return Math.max(4L << 20, heap / 4);
    }

    /** Bytes all sessions' replies may take together. */
    public long total() {
        return total;
    }

    /** What one session may hold whatever the others hold. */
    public long share() {
        return share;
    }

    /** A session's reader stops reading while its replies waiting to be written come to this much. */
    public long pauseAt() {
        return pauseAt;
    }

    /** Bytes held now, replies and fixed buffers together. */
    public long used() {
        return used.get();
    }

    /**
     * Takes {@code bytes} for a reply of a session that already holds {@code sessionHolds}. True if
     * it fits under the budget, or within the session's share; false if the session must be dropped.
     */
    public boolean reserve(long bytes, long sessionHolds) {
        for (;;) {
            long now = used.get();
            if (now + bytes > total && sessionHolds + bytes > share) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Takes {@code bytes} only if they fit under the budget: for what may be dropped instead, like events. */
    public boolean tryReserve(long bytes) {
        for (;;) {
            long now = used.get();
            if (now + bytes > total) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Takes {@code bytes} whatever the budget says: a session's last words and its fixed buffers, which are small and bounded. */
    public void hold(long bytes) {
        used.addAndGet(bytes);
    }

    /** Gives back bytes taken. */
    public void release(long bytes) {
        used.addAndGet(-bytes);
    }
}
