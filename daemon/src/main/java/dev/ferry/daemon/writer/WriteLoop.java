package dev.ferry.daemon.writer;

import dev.ferry.daemon.bandwidth.Pacer;
import dev.ferry.daemon.shared.MemoryBudget;
import dev.ferry.daemon.transfer.Rotation;
import dev.ferry.daemon.transfer.Transfer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * What a turn as a connection's writer does: the writes, in order, of what its {@link Outbound}
 * has queued.
 *
 * <p>Each pass is one gathering write: the control frames waiting (up to {@link #PASS_MAX}) and, if a transfer has its
 * turn in the {@link Rotation}, its next chunk. A small chunk (a small file, or the tail of a large
 * one) is read into memory and goes out in the same write as the control frames around it; a
 * large one waits until they are out and goes from the file to the socket with {@code transferTo}.
 * So a reply never waits behind more than one chunk.
 *
 * <p>There are two kinds of turn. A writer task ({@link #runTask}) makes passes until nothing is
 * left, blocking on the socket for as long as the client takes to read. The reader thread
 * ({@link #runOnReader}) makes one pass at most, of control frames and at most one small chunk,
 * and writes only what the socket takes at once; anything left (a large chunk, a second chunk,
 * bytes the socket would not take) it hands to a task, so it is never kept from reading.
 *
 * <p>Whatever it reads or changes of the queue, the rotation or the writer's lifecycle, it does
 * under the {@link WriterLock}; the methods that expect it held assert that it is.
 */
final class WriteLoop {
    /** Chunks up to this size are read into memory and sent together with the control frames around them. */
    static final int IN_MEMORY_MAX = 64 * 1024;
    /**
     * Control bytes one write carries at most (a larger frame goes alone). What is taken for a
     * write can no longer give way to a connection's last word, and a heap buffer is copied to
     * native memory for the write: both stay this small, whatever the client has let pile up. A
     * reader lets at least this much wait before it pauses ({@link MemoryBudget#MIN_PAUSE}).
     */
    static final int PASS_MAX = MemoryBudget.MIN_PAUSE;

    private final WriterLock lock;
    private final ControlQueue control;
    private final Rotation rotation;
    private final WriterLifecycle writer;
    private final SocketWriter socket;
    private final Outbound.Listener listener;
    private final int chunkSize;
    private final Pacer pacer;
    /** Called, under the lock, with how long until the pacer grants more, when that alone keeps a transfer waiting. */
    private final LongConsumer wakeAfter;
    /** The last pass chosen left a transfer waiting for the pacer, this many nanoseconds; 0 if none. */
    private long pacedFor;
    /** What the reader's write left unsent when it handed over: the task sends it first. */
    private Pass leftover;

    WriteLoop(WriterLock lock, ControlQueue control, Rotation rotation, WriterLifecycle writer, SocketWriter socket,
            Outbound.Listener listener, int chunkSize, Pacer pacer, LongConsumer wakeAfter) {
        this.lock = lock;
        this.control = control;
        this.rotation = rotation;
        this.writer = writer;
        this.socket = socket;
        this.listener = listener;
        this.chunkSize = chunkSize;
        this.pacer = pacer;
        this.wakeAfter = wakeAfter;
    }

    /** One gathering write, and the chunk of a transfer it carries or comes before. */
    private static final class Pass {
        final List<ByteBuffer> batch = new ArrayList<>();
        long controlBytes;
        Transfer transfer;
        int chunk;
        /** The chunk is read into memory and goes out in the batch, not by {@code transferTo}. */
        boolean inMemory;
        /** The batch, once prepared; what is left of it if the reader's write was cut short. */
        ByteBuffer[] buffers;
    }

    /**
     * A writer task's turn, on a thread of the writer executor: finishes what the reader's write
     * left, then sends until there is nothing left it may send.
     */
    void runTask() {
        try {
            Pass pass;
            lock.lock();
            try {
                pass = leftover;
                leftover = null;
            } finally {
                lock.unlock();
            }
            if (pass != null) {
                socket.write(pass.buffers);
                sent(pass);
            }
            for (;;) {
                boolean exit;
                lock.lock();
                try {
                    pass = nextPass(false);
                    if (pass == null && pacedFor > 0) {
                        wakeAfter.accept(pacedFor); // only the rate limit holds data back: come back for it
                    }
                    exit = pass == null && turnEnded();
                } finally {
                    lock.unlock();
                }
                if (pass == null) {
                    if (exit) {
                        writer.exit();
                    }
                    return;
                }
                prepare(pass);
                if (pass.buffers.length > 0) {
                    socket.write(pass.buffers);
                }
                sent(pass);
            }
        } catch (IOException e) {
            failed(e);
        } catch (RuntimeException | Error e) {
            abandoned();
            throw e;
        }
    }

    /**
     * The reader's turn, on its own thread, once it holds the writer role: one write at most, which
     * takes no longer than the socket takes the bytes; whatever is left goes to a writer task.
     */
    void runOnReader() {
        try {
            Pass pass;
            lock.lock();
            try {
                pass = nextPass(true);
            } finally {
                lock.unlock();
            }
            if (pass != null) {
                prepare(pass);
                if (!socket.writeNow(pass.buffers)) {
                    boolean exit;
                    lock.lock();
                    try {
                        leftover = pass;
                        exit = writer.handOver();
                    } finally {
                        lock.unlock();
                    }
                    if (exit) {
                        writer.exit();
                    }
                    return;
                }
                sent(pass);
            }
            boolean exit;
            lock.lock();
            try {
                exit = pending() ? writer.handOver() : turnEnded();
            } finally {
                lock.unlock();
            }
            if (exit) {
                writer.exit();
            }
        } catch (IOException e) {
            failed(e);
        } catch (RuntimeException | Error e) {
            abandoned();
            throw e;
        }
    }

    /**
     * Under the lock: what the next write carries, or null if there is nothing to send (that the
     * reader may send). A small chunk rides along with the control frames; a large one, which only
     * a task sends, waits until they are out.
     */
    private Pass nextPass(boolean reader) {
        assert lock.isHeldByCurrentThread() : "the next pass is chosen under the writer's lock";
        control.noticeDroppedEvents();
        Pass pass = new Pass();
        pass.controlBytes = control.take(pass.batch, PASS_MAX);
        pacedFor = 0;
        Transfer next = rotation.next();
        if (next != null && (Rotation.sendableWithin(next, IN_MEMORY_MAX) || (!reader && pass.batch.isEmpty()))) {
            int wanted = Rotation.nextChunk(next, chunkSize);
            int allowed = wanted == 0 ? chunkSize : pacer.grant(wanted); // an empty file's turn sends no data
            if (allowed > 0) {
                pass.transfer = next;
                pass.chunk = rotation.startTurn(allowed);
            } else {
                pacedFor = Math.max(1, pacer.nanosUntilGrant(wanted));
            }
        }
        return pass.batch.isEmpty() && pass.transfer == null ? null : pass;
    }

    /** Under the lock: true if something waits to be sent. */
    private boolean pending() {
        assert lock.isHeldByCurrentThread() : "what is pending is read under the writer's lock";
        control.noticeDroppedEvents();
        return !control.isEmpty() || !rotation.isEmpty();
    }

    /**
     * Under the lock, in the same hold that found nothing left to send: this turn as the writer is
     * over. True if it has something left to do on its way out ({@link WriterLifecycle#exit()}).
     */
    private boolean turnEnded() {
        assert lock.isHeldByCurrentThread() : "a turn ends under the writer's lock";
        return writer.loopEnded(control.goodbyeQueued());
    }

    /**
     * Reads a small chunk into memory. If that was the transfer's last, closes the transfer now,
     * so its FILE_END, if the digest is known, joins the same write.
     */
    private void prepare(Pass pass) throws IOException {
        Transfer transfer = pass.transfer;
        pass.inMemory = transfer != null && pass.chunk <= IN_MEMORY_MAX;
        if (pass.inMemory) {
            pass.batch.addAll(socket.readChunk(transfer, pass.chunk));
            if (transfer.dataSent() && !transfer.ended()) {
                transfer.close();
                listener.dataSent(transfer);
                lock.lock();
                try {
                    pass.controlBytes += control.take(pass.batch, PASS_MAX - pass.controlBytes);
                } finally {
                    lock.unlock();
                }
            }
        }
        pass.buffers = pass.batch.toArray(new ByteBuffer[0]);
    }

    /** The pass's batch is out: sends its large chunk, if it has one, and ends the transfer's turn. */
    private void sent(Pass pass) throws IOException {
        lock.lock();
        try {
            control.written(pass.controlBytes);
            lock.signalChanged(); // a reader waiting for room may go on
        } finally {
            lock.unlock();
        }
        Transfer transfer = pass.transfer;
        if (transfer == null) {
            return;
        }
        if (!pass.inMemory) {
            socket.sendChunk(transfer, pass.chunk);
        }
        boolean done;
        lock.lock();
        try {
            done = rotation.endTurn(transfer, control.goodbyeQueued());
        } finally {
            lock.unlock();
        }
        if (!done) {
            return;
        }
        transfer.close();
        if (!pass.inMemory && transfer.dataSent() && !transfer.ended()) {
            listener.dataSent(transfer);
        }
    }

    private void failed(IOException e) {
        List<Transfer> dropped;
        lock.lock();
        try {
            writer.writeFailed();
            dropped = stopSending();
        } finally {
            lock.unlock();
        }
        try {
            dropped.forEach(Transfer::close);
            listener.writeFailed(e);
        } finally {
            writer.exit();
        }
    }

    /** A turn ended by an exception nobody expected: nothing more is sent, and the socket can still be closed. */
    private void abandoned() {
        List<Transfer> dropped;
        boolean exit;
        lock.lock();
        try {
            exit = writer.abandon();
            dropped = stopSending();
        } finally {
            lock.unlock();
        }
        dropped.forEach(Transfer::close);
        if (exit) {
            writer.exit();
        }
    }

    /** Under the lock: forgets everything queued, giving its memory back; returns the transfers to close. */
    private List<Transfer> stopSending() {
        assert lock.isHeldByCurrentThread() : "the writer's queues are emptied under its lock";
        List<Transfer> dropped = rotation.dropAll();
        leftover = null;
        control.clear();
        lock.signalChanged(); // a reader waiting for room goes on, and finds the connection closed
        return dropped;
    }
}
