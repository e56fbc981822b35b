package dev.ferry.daemon.transfer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The downloads of one connection that take turns on its socket, and the one whose chunk is being
 * written: what the connection's writer sends next.
 *
 * <p>A transfer with an open window waits in line. A turn takes its next chunk; when the chunk is
 * out, a transfer with data and window left goes to the back of the line, so several downloads on
 * one connection share it. One whose window is used up leaves the line until a WINDOW widens it.
 *
 * <p>Guarded by the lock of the connection's writer, which decides together what there is to send
 * and who sends it: every method asserts that its caller holds it. A transfer's window ({@link Transfer#credit()}) is read
 * and changed under the same lock.
 */
public final class Rotation {
    private final ReentrantLock lock;
    private final ArrayDeque<Transfer> line = new ArrayDeque<>();
    /** The transfer whose chunk is being written, between {@link #startTurn} and {@link #endTurn}. */
    private Transfer current;

    /** @param lock the writer's lock, which guards the rotation */
    public Rotation(ReentrantLock lock) {
        this.lock = lock;
    }

    public void add(Transfer transfer) {
        assert lock.isHeldByCurrentThread() : "the rotation is guarded by the writer's lock";
        line.addLast(transfer);
    }

    /** After its window was widened: back in line if it was out waiting for that. True if it rejoined. */
    public boolean rejoin(Transfer transfer) {
        assert lock.isHeldByCurrentThread() : "the rotation is guarded by the writer's lock";
        if (transfer == current || line.contains(transfer) || !transfer.sendable() || transfer.ended()) {
            return false;
        }
        line.addLast(transfer);
        return true;
    }

    /**
     * Takes a transfer out of line. True if the caller is to close its file; false if one of its
     * chunks is being written, which is then completed (a DATA frame is never cut short) and the
     * writer closes the file.
     */
    public boolean remove(Transfer transfer) {
        assert lock.isHeldByCurrentThread() : "the rotation is guarded by the writer's lock";
        line.remove(transfer);
        return transfer != current;
    }

    public boolean isEmpty() {
        assert lock.isHeldByCurrentThread() : "the rotation is guarded by the writer's lock";
        return line.isEmpty();
    }

    /** The transfer whose turn is next, or null. */
    public Transfer next() {
        assert lock.isHeldByCurrentThread() : "the rotation is guarded by the writer's lock";
        return line.peekFirst();
    }

    /** True if what the transfer may send now (its window, or the rest of its file) is at most {@code bytes}. */
    public static boolean sendableWithin(Transfer transfer, long bytes) {
        return Math.min(transfer.credit(), transfer.size() - transfer.position()) <= bytes;
    }

    /** The length of the transfer's next chunk, if it is at most {@code chunkSize}: what its window and its file allow. */
    public static int nextChunk(Transfer transfer, int chunkSize) {
        return (int) Math.min(chunkSize, Math.min(transfer.credit(), transfer.size() - transfer.position()));
    }

    /** Gives the next transfer its turn: returns the length of its next chunk, at most {@code chunkSize}. */
    public int startTurn(int chunkSize) {
        assert lock.isHeldByCurrentThread() : "the rotation is guarded by the writer's lock";
        current = line.pollFirst();
        return current.takeChunk(chunkSize);
    }

    /**
     * The turn's chunk is out. Returns true if the transfer is done with (all data sent, ended, or
     * the connection is finishing) and its file is to be closed; otherwise it goes back in line if
     * its window lets it send more.
     */
    public boolean endTurn(Transfer transfer, boolean finishing) {
        assert lock.isHeldByCurrentThread() : "the rotation is guarded by the writer's lock";
        current = null;
        boolean done = transfer.dataSent() || transfer.ended() || finishing;
        if (!done && transfer.sendable()) {
            line.addLast(transfer);
        }
        return done;
    }

    /** Empties the line (not the transfer being written, which its writer closes); returns what was in it. */
    public List<Transfer> clear() {
        assert lock.isHeldByCurrentThread() : "the rotation is guarded by the writer's lock";
        List<Transfer> waiting = new ArrayList<>(line);
        line.clear();
        return waiting;
    }

    /** Forgets every transfer, the one being written too: the socket cannot be written any more. Returns them all. */
    public List<Transfer> dropAll() {
        assert lock.isHeldByCurrentThread() : "the rotation is guarded by the writer's lock";
        List<Transfer> all = clear();
        if (current != null) {
            all.add(current);
            current = null;
        }
        return all;
    }
}
