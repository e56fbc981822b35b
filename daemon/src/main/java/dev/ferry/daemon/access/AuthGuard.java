package dev.ferry.daemon.access;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Slows and stops guessing of access keys. Every failed attempt is answered only after a pause;
 * after {@link #MAX_FAILURES} failures within {@link #WINDOW} from one address, that address is
 * refused for {@link #LOCKOUT}, key or no key, while every other address goes on as before.
 * Time is the daemon's ticker, so tests move it instead of waiting. Remembers at most
 * {@link #MAX_ADDRESSES} addresses, forgetting the stalest first: a flood from many addresses
 * costs bounded memory. Thread-safe.
 */
public final class AuthGuard {
    public static final int MAX_FAILURES = 10;
    public static final Duration WINDOW = Duration.ofMinutes(10);
    public static final Duration LOCKOUT = Duration.ofMinutes(10);
    static final int MAX_ADDRESSES = 4096;

    private final LongSupplier ticker;
    private final Duration pause;
    /** Per address, in order of last failure (access order), the recent failures' times and any lockout. */
    private final Map<String, Record> records = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Record {
        final Deque<Long> failures = new ArrayDeque<>();
        long lockedUntil;
        boolean locked;
    }

    /**
     * @param ticker monotonic nanoseconds: the daemon's ticker
     * @param pause  how long a failed attempt waits for its answer
     */
    public AuthGuard(LongSupplier ticker, Duration pause) {
        this.ticker = ticker;
        this.pause = pause;
    }

    /** How much longer {@code host} is locked out; zero if it is not. */
    public synchronized Duration lockedFor(String host) {
        Record record = records.get(host);
        if (record == null || !record.locked) {
            return Duration.ZERO;
        }
        long left = record.lockedUntil - ticker.getAsLong();
        if (left <= 0) {
            record.locked = false;
            record.failures.clear();
            return Duration.ZERO;
        }
        return Duration.ofNanos(left);
    }

    /**
     * Counts a failed attempt from {@code host} and returns what became of it: the failures
     * counted within the window, whether this one locked the address out, and how long to pause
     * before answering.
     */
    public synchronized Failure failed(String host) {
        long now = ticker.getAsLong();
        Record record = records.computeIfAbsent(host, h -> new Record());
        forgetOld(record, now);
        record.failures.addLast(now);
        boolean lockedNow = false;
        if (!record.locked && record.failures.size() >= MAX_FAILURES) {
            record.locked = true;
            record.lockedUntil = now + LOCKOUT.toNanos();
            lockedNow = true;
        }
        while (record.failures.size() > MAX_FAILURES) {
            record.failures.removeFirst();
        }
        trim(now);
        return new Failure(record.failures.size(), lockedNow, pause);
    }

    /** A good key from {@code host}: its earlier failures are forgiven. */
    public synchronized void succeeded(String host) {
        Record record = records.get(host);
        if (record != null && !record.locked) {
            records.remove(host);
        }
    }

    /** Addresses remembered now; for tests of the bound. */
    synchronized int remembered() {
        return records.size();
    }

    private static void forgetOld(Record record, long now) {
        while (!record.failures.isEmpty() && now - record.failures.peekFirst() > WINDOW.toNanos()) {
            record.failures.removeFirst();
        }
    }

    /** Keeps the map bounded: the least recently failed, unlocked addresses go first. */
    private void trim(long now) {
        Iterator<Map.Entry<String, Record>> stalest = records.entrySet().iterator();
        while (records.size() > MAX_ADDRESSES && stalest.hasNext()) {
            Record record = stalest.next().getValue();
            if (!record.locked || record.lockedUntil - now <= 0) {
                stalest.remove();
            }
        }
        // every one locked out: memory comes first, the stalest lockout goes
        Iterator<String> eldest = records.keySet().iterator();
        while (records.size() > MAX_ADDRESSES && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }

    /**
     * @param recent   failures from the address within the window, this one included
     * @param lockedOut true if this failure locked the address out
     * @param pause    how long to wait before answering
     */
    public record Failure(int recent, boolean lockedOut, Duration pause) {}
}
