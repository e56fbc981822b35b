package dev.ferry.client.transfer;

import dev.ferry.client.failure.FerryException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The server lets a client have {@code max} transfers in flight, both ways together; this keeps
 * the client within that. A transfer takes a slot when it starts and holds it until the server's
 * side of it has ended, one slot per running transfer; beyond the limit, transfers wait here in
 * the order they were asked for. It also knows the transfers not yet finished, by what they write
 * (a download's target, an upload's name on the server), so asking again for one on its way gives
 * that one. Thread-safe.
 */
final class TransferSlots {

    /** A transfer as the slots see it. */
    interface Slotted {
        /** What it writes; two transfers with equal keys are one. Keys of downloads and uploads never meet. */
        Object key();

        /** Completes when the transfer has ended, either way. */
        CompletableFuture<?> outcome();

        /** Starts the transfer, now that it holds a slot. */
        void begin();

        /** Fails the transfer before it began. */
        void fail(FerryException failure);
    }

    private final int max;
    private final ArrayDeque<Slotted> waiting = new ArrayDeque<>();
    /** Transfers not yet finished, by key; guarded by {@code waiting}. */
    private final Map<Object, Slotted> running = new HashMap<>();
    private int transfersInFlight;

    TransferSlots(int max) {
        this.max = max;
    }

    /**
     * Begins {@code call} now if a slot is free, or queues it; returns it, or the unfinished
     * transfer already under its key (and then {@code call} is dropped).
     */
    @SuppressWarnings("unchecked") // a key's type decides the transfer's: a Path for downloads, an upload's own for uploads
    <C extends Slotted> C start(C call) {
        boolean now;
        synchronized (waiting) {
            Slotted already = running.get(call.key());
            if (already != null && !already.outcome().isDone()) {
                return (C) already;
            }
            running.put(call.key(), call);
            now = transfersInFlight < max;
            if (now) {
                transfersInFlight++;
            } else {
                waiting.addLast(call);
            }
        }
        call.outcome().whenComplete((result, failure) -> {
            synchronized (waiting) {
                running.remove(call.key(), call);
            }
        });
        if (now) {
            call.begin();
        }
        return call;
    }

    /** A transfer's server side ended; the next waiting transfer may start. */
    void ended() {
        Slotted next;
        synchronized (waiting) {
            next = waiting.pollFirst();
            if (next == null) {
                transfersInFlight--;
            }
        }
        if (next != null) {
            next.begin();
        }
    }

    /** Takes a transfer that has not started out of the queue; false if it already started. */
    boolean unqueue(Slotted call) {
        synchronized (waiting) {
            return waiting.remove(call);
        }
    }

    /** Empties the queue, when the connection has ended: the transfers that never started. */
    List<Slotted> drain() {
        synchronized (waiting) {
            List<Slotted> queued = new ArrayList<>(waiting);
            waiting.clear();
            return queued;
        }
    }
}
