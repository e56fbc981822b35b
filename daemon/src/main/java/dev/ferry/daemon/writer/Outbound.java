package dev.ferry.daemon.writer;

import dev.ferry.daemon.bandwidth.Pacer;
import dev.ferry.daemon.shared.MemoryBudget;
import dev.ferry.daemon.shared.NanoClock;
import dev.ferry.daemon.transfer.Rotation;
import dev.ferry.daemon.transfer.Transfer;
import dev.ferry.daemon.transfer.TransferSink;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.transport.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything one connection sends goes through here: what it sends in which order, and who writes
 * it to the socket.
 *
 * <p>Control frames (replies, events) wait in a {@link ControlQueue}; transfers with an open window
 * take turns in a {@link Rotation}. A {@link WriteLoop} sends them, control frames first: all of
 * them in one gathering write, then one chunk of the next transfer, then the control frames again.
 * So a reply never waits behind more than one chunk, and several transfers on one connection take
 * turns. {@link SocketWriter} makes the system calls.
 *
 * <p>One writes at a time ({@link WriterLifecycle}), and only while there is something to send:
 * usually the reader thread itself. What the reader queues while it handles a request is held
 * back, and before it waits for the client again it writes the replies at once, on its own thread,
 * if no writer task is running ({@link #flush}): a reply then costs no wake-up of another thread.
 * The reader writes only what the socket takes at once, and never a large chunk; what is left, and
 * whatever other threads queue, a writer task on the shared writer executor sends.
 *
 * <p>Bounds: at most {@code maxQueuedBytes} of control frames may wait. A client that lets more
 * pile up is not reading its replies; the session is told through {@link Listener#overflow} and
 * disconnects it, and from then on only the goodbye is sent. Events past a quarter of the bound are
 * dropped, and a NOTICE later says how many. And events are not urgent: one that finds the writer
 * idle waits up to {@link Wakeups#EVENT_DELAY_MILLIS} for others to join it, so a storm of them (a
 * thousand clients connecting) costs each connection a write every few milliseconds rather than
 * one per event. Replies go out at once, and take waiting events along. A write that makes no
 * progress (the client stopped reading with a full TCP window) is visible through
 * {@link #writeStalledSince()} so the watchdog can time it out, and {@link #idleSince()} says since
 * when the writer has had nothing it may send, which is how a download stalled on its window
 * counts towards the idle timeout.
 *
 * <p>The socket is closed here too ({@link #close()}), never under a write in progress.
 *
 * <p>One lock ({@link WriterLock}) guards the queue, the rotation and the writer's state
 * ({@link WriterState}), so that what there is to send and who will send it are decided together;
 * every method that needs it asserts that it is held. This is the package's one public type: the
 * rest of the daemon sees the writer only through it.
 */
public final class Outbound implements TransferSink {
    /** What the writer reports back to its session. Called on the thread that writes: a writer task's or the reader's. */
    public interface Listener {
        /** All data of the transfer is on the wire; its file is closed. */
        void dataSent(Transfer transfer);

        /** A write failed; the connection is unusable. Called once. */
        void writeFailed(IOException cause);

        /**
         * A reply did not fit: more control bytes would be waiting than the connection's limit
         * allows, or than the daemon's {@link MemoryBudget} has left for it ({@code overBudget}).
         * Called once, on a writer thread.
         */
        void overflow(long queuedBytes, boolean overBudget);
    }

    private final Executor executor;
    private final Listener listener;
    private final SocketWriter socket;

    private final WriterLock lock = new WriterLock();
    private final WriterLifecycle writer;
    private final ControlQueue control;
    private final Rotation rotation = new Rotation(lock);
    private final WriteLoop loop;
    private final ReaderHold reader;
    private final Wakeups wakeups;
    /** Paces this connection's file data ({@code --max-rate}, {@code --max-total-rate}). */
    private final Pacer pacer;

    public Outbound(Transport channel, Executor executor, ScheduledExecutorService timer, Listener listener,
            NanoClock ticker, int chunkSize, long maxQueuedBytes, MemoryBudget budget) {
        this(channel, executor, timer, listener, ticker, chunkSize, maxQueuedBytes, budget, Pacer.UNLIMITED);
    }

    /**
     * As above, with file data paced by {@code pacer}: a transfer the pacer holds back leaves the
     * writer idle until the timer brings it back; replies are never paced.
     */
    public Outbound(Transport channel, Executor executor, ScheduledExecutorService timer, Listener listener,
            NanoClock ticker, int chunkSize, long maxQueuedBytes, MemoryBudget budget, Pacer pacer) {
        this.pacer = pacer;
        this.executor = executor;
        this.listener = listener;
        this.socket = new SocketWriter(channel, ticker);
        this.control = new ControlQueue(lock, maxQueuedBytes, budget);
        this.writer = new WriterLifecycle(lock, channel, executor, ticker, this::runTask);
        this.wakeups = new Wakeups(lock, timer, this::wake, this::closed);
        this.loop = new WriteLoop(lock, control, rotation, writer, socket, listener, chunkSize, pacer, wakeups::after);
        this.reader = new ReaderHold(lock, control, rotation, writer, loop, this::closed, budget.pauseAt());
    }

    /** What a writer task does; {@link WriterLifecycle} runs it. */
    private void runTask() {
        loop.runTask();
    }

    /** Under the lock: nothing more may be queued, the goodbye aside. */
    private boolean closed() {
        assert lock.isHeldByCurrentThread() : "whether the writer takes more is read under its lock";
        return control.goodbyeQueued() || writer.stopped() || control.overflowed();
    }

    /** Names the writer thread after the connection it serves, for logs and thread dumps. */
    public void name(String connection) {
        writer.name(connection);
    }

    /** Queues a control frame. Dropped silently once the connection is finishing, dead or overflowed. */
    public void send(ByteBuffer frame) {
        long queued;
        boolean overBudget;
        lock.lock();
        try {
            if (closed()) {
                return;
            }
            if (control.offer(frame)) {
                wake();
                return;
            }
            queued = control.overflowBytes();
            overBudget = control.overBudget();
        } finally {
            lock.unlock();
        }
        try {
            executor.execute(() -> listener.overflow(queued, overBudget));
        } catch (RejectedExecutionException e) {
            listener.overflow(queued, overBudget);
        }
    }

    /**
     * Called by the reader thread before it reads the next request: while the replies waiting come
     * to the pause point of the daemon's {@link MemoryBudget}, hands what it held back to the
     * writer and waits for them to drain, reading nothing meanwhile. A client that asks faster than
     * it reads is so held to the pace at which it reads; one that stops reading altogether is
     * dropped at the write timeout. Returns at once once the connection is finishing or closed.
     *
     * @return true if the reader waited
     */
    public boolean awaitRoom() throws InterruptedException {
        return reader.awaitRoom();
    }

    /**
     * Queues an event frame, or drops it (and counts it) if the client has fallen behind: more
     * than a quarter of the reply bound is already waiting.
     */
    public void sendEvent(ByteBuffer frame) {
        sendEvent(frame, Wakeups.EVENT_DELAY_MILLIS);
    }

    /**
     * As {@link #sendEvent(ByteBuffer)}, the event waiting up to {@code delayMillis} (at least
     * {@link Wakeups#EVENT_DELAY_MILLIS}) for others to share its write.
     */
    public void sendEvent(ByteBuffer frame, long delayMillis) {
        lock.lock();
        try {
            if (closed()) {
                return;
            }
            if (!control.offerEvent(frame)) {
                return;
            }
            if (writer.running() || wakeups.eventsPending()) {
                return; // the writer will take it, or a wake-up is already on its way
            }
            wakeups.eventQueued(delayMillis);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: something new waits to be sent; see {@link ReaderHold#wake()}. */
    private void wake() {
        reader.wake();
    }

    /**
     * Called by the reader thread before it handles requests: what it queues from now on waits
     * for its next {@link #flush}, so that it can write the replies itself.
     */
    public void holdReplies() {
        reader.hold();
    }

    /**
     * Called by the reader thread before it waits for the client, which may be waiting for the
     * replies: sends what the reader queued since its last flush. The one place that decides who
     * writes a reply. If no writer task is running or scheduled, the reader writes at once, on its
     * own thread, what it can without waiting (one write at most: see {@link WriteLoop}) and
     * hands the rest to a task; otherwise the task, which sends everything queued, finds it.
     */
    public void flush() {
        reader.flush();
    }

    /** Called by the reader thread when it is done with requests: sends what it held back, and holds no more. */
    public void stopHolding() {
        reader.stopHolding();
    }

    /** Encodes and queues a control message. */
    @Override
    public void send(int id, Message message) {
        send(MessageCodec.encode(id, message));
    }

    /** Adds a transfer to the rotation. Returns false if the connection is finishing or dead. */
    @Override
    public boolean start(Transfer transfer) {
        lock.lock();
        try {
            if (closed()) {
                return false;
            }
            rotation.add(transfer);
            wake();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Widens a transfer's window, putting it back in the rotation if it was waiting for one. */
    @Override
    public void grant(Transfer transfer, int increment) {
        lock.lock();
        try {
            transfer.grant(increment);
            if (!control.goodbyeQueued() && !writer.stopped() && rotation.rejoin(transfer)) {
                wake();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes a transfer out of the rotation after {@link Transfer#end()} was claimed for it. If the
     * writer is in the middle of one of its chunks, the chunk is completed (a DATA frame is never
     * cut short) and the writer closes the file; otherwise the file is closed here.
     */
    @Override
    public void remove(Transfer transfer) {
        boolean closeHere;
        lock.lock();
        try {
            closeHere = rotation.remove(transfer);
        } finally {
            lock.unlock();
        }
        if (closeHere) {
            transfer.close();
        }
    }

    /**
     * Queues the last frames (perhaps none), stops every transfer, writes what is queued and then shuts the
     * socket's output, so the client reads everything and then end-of-stream. With {@code jumpQueue},
     * the replies still waiting are dropped first, so the last frames follow at most the write in
     * progress; returns how many were dropped.
     */
    public int finish(List<ByteBuffer> last, boolean jumpQueue) {
        List<Transfer> dropped;
        int droppedReplies;
        lock.lock();
        try {
            if (control.goodbyeQueued() || writer.stopped()) {
                return 0;
            }
            droppedReplies = jumpQueue ? control.dropWaiting() : 0;
            control.addGoodbye(last);
            dropped = rotation.clear();
            wake();
            lock.signalChanged(); // a reader waiting for room goes on, and finds the connection finishing
        } finally {
            lock.unlock();
        }
        dropped.forEach(Transfer::close);
        return droppedReplies;
    }

    /** When the write in progress last made progress, on the ticker; 0 if no write is in progress. */
    public long writeStalledSince() {
        return socket.stalledSince();
    }

    /** When a write last put bytes on the socket, on the ticker; 0 if none has yet. */
    public long wroteAt() {
        return socket.wroteAt();
    }

    /**
     * True while someone holds the writer role: something is being sent, or may be. False once
     * everything queued is out and every transfer left is waiting for its window.
     */
    public boolean busy() {
        return writer.busy();
    }

    /** When the writer last went idle, on the ticker; meaningful while {@link #busy()} is false. */
    public long idleSince() {
        return writer.idleSince();
    }

    /** Waits until the writer is idle; false if it still is not after {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return writer.awaitIdle(timeout);
    }

    /**
     * Closes the connection; nothing is sent after. Safe to call more than once, from any thread.
     * A write in progress is woken, and the socket closed once the writer has let go
     * ({@link WriterLifecycle#close()} says how).
     */
    public void close() {
        pacer.close();
        writer.close();
        lock.lock();
        try {
            if (!writer.activeNow()) {
                control.clear(); // no writer will: give the replies' memory back now
            }
            lock.signalChanged(); // a reader waiting for room goes on, and finds the connection closed
        } finally {
            lock.unlock();
        }
    }

    /** Control bytes waiting to be written. */
    public long queuedBytes() {
        lock.lock();
        try {
            return control.bytes();
        } finally {
            lock.unlock();
        }
    }
}
