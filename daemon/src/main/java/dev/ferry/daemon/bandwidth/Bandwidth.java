package dev.ferry.daemon.bandwidth;

import dev.ferry.daemon.shared.NanoClock;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The daemon's limits on file data: at most {@code perClient} bytes a second to any one client
 * ({@code --max-rate}) and {@code total} to all of them together ({@code --max-total-rate}); 0 for
 * no limit. Each connection gets a {@link Pacer} that its writer asks before each chunk.
 *
 * <p>Sharing is fair by construction: the total is divided equally among the connections that
 * want to send now (that asked for bytes within the last {@link #ACTIVE}), and each paces itself
 * at its share (or its own limit, if lower). So two clients downloading under a total limit get
 * half each, whichever writer happens to wake first; a client whose downloads end, or wait for
 * their window, leaves its share to the others a moment later. Thread-safe: the writers of every
 * connection call it.
 */
public final class Bandwidth {
    /** How recently a connection must have wanted bytes to count as sending. */
    static final long ACTIVE = TimeUnit.MILLISECONDS.toNanos(250);

    private final long perClient;
    private final long total;
    private final NanoClock clock;
    /** Connections that wanted to send lately, and when they last did; guarded by {@code this}. */
    private final Map<Pacer, Long> sending = new IdentityHashMap<>();

    public Bandwidth(long perClient, long total, NanoClock clock) {
        if (perClient < 0 || total < 0) {
            throw new IllegalArgumentException("rates cannot be negative");
        }
        this.perClient = perClient;
        this.total = total;
        this.clock = clock;
    }

    /** True if any limit applies. */
    public boolean limits() {
        return perClient > 0 || total > 0;
    }

    /** The pacer for one more connection; one that never waits if no limit applies. */
    public Pacer pacer() {
        return limits() ? new Pacer(this, clock) : Pacer.UNLIMITED;
    }

    /**
     * The rate {@code pacer} may send at now, in bytes a second, counting it as sending: its own
     * limit, or its equal share of the total, whichever is lower.
     */
    synchronized long rateFor(Pacer pacer, long now) {
        if (total == 0) {
            return perClient; // nothing to share: no need to know who sends
        }
        sending.put(pacer, now);
        for (Iterator<Long> lately = sending.values().iterator(); lately.hasNext(); ) {
            if (now - lately.next() > ACTIVE) {
                lately.remove();
            }
        }
        long share = Math.max(1, total / sending.size());
        return perClient == 0 ? share : Math.min(perClient, share);
    }

    /** The connection has ended: its share goes to the others at once. */
    synchronized void forget(Pacer pacer) {
        sending.remove(pacer);
    }
}
