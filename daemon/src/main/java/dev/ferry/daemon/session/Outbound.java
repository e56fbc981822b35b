package dev.ferry.daemon.session;

import dev.ferry.daemon.transfer.Transfer;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Everything one connection sends goes through here: the single writer of its socket.
 *
 * <p>Control frames (replies, events) wait in a queue; transfers with an open window wait in a
 * rotation (one whose window is used up leaves it until {@link #grant} widens it). A writer task
 * runs on the shared writer executor only while there is something to send: it writes all queued
 * control frames in one gathering write, then one DATA chunk of the next transfer, then looks at
 * the control queue again. A small chunk (a small file, or the tail of a large one) is read into
 * memory and goes out in the same write as the control frames around it. So a reply never waits behind more than one chunk, and several
 * transfers on one connection take turns. Chunks go from the file to the socket with
 * {@code transferTo} (zero-copy); {@link SocketWriter} makes the system calls.
 *
 * <p>Bounds: at most {@code maxQueuedBytes} of control frames may wait ({@link ControlQueue}). A
 * client that lets more pile up is not reading its replies; the session is told through
 * {@link Listener#overflow} and disconnects it, and from then on only the goodbye is sent. Events
 * past a quarter of the bound are dropped, and a NOTICE later says how many. And events are not
 * urgent: one that finds the writer idle waits up to {@link #EVENT_DELAY_MILLIS} for others to
 * join it, so a storm of them (a thousand clients connecting) costs each connection a write every
 * few milliseconds rather than one per event. Replies go out at once, and take waiting events along. A write that makes
 * no progress (the client stopped reading with a full TCP window) is visible through
 * {@link #writeStalledSince()} so the watchdog can time it out, and {@link #idleSince()} says since
 * when the writer has had nothing it may send, which is how a download stalled on its window
 * counts towards the idle timeout.
 *
 * <p>The socket is closed here too ({@link #close()}), never under a write in progress: closing a
 * descriptor does not wake a thread blocked in {@code sendfile} on it, so the socket is shut down
 * first (which does) and the writer closes it on its way out.
 */
public final class Outbound {
    /** What the writer reports back to its session. Called on the writer thread. */
    public interface Listener {
        /** All data of the transfer is on the wire; its file is closed. */
        void dataSent(Transfer transfer);

        /** A write failed; the connection is unusable. Called once. */
        void writeFailed(IOException cause);

        /** More control bytes are waiting than the limit allows. Called once, on a writer thread. */
        void overflow(long queuedBytes);
    }

    /** How long an event may wait for company before it is written. */
    static final long EVENT_DELAY_MILLIS = 20;
    /** Chunks up to this size are read into memory and sent together with the control frames around them. */
    static final int INLINE_MAX = 64 * 1024;

    private final SocketChannel channel;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final Listener listener;
    private final NanoClock ticker;
    private final int chunkSize;
    private final SocketWriter socket;

    private final Object lock = new Object();
    private final ControlQueue control;
    private final ArrayDeque<Transfer> rotation = new ArrayDeque<>();
    private Transfer current;
    private boolean running;
    private boolean eventsDue;
    private boolean finishing;
    private boolean dead;
    /** Writer tasks scheduled or still running, up to the last line of their cleanup. */
    private int activeDrains;
    private boolean closeRequested;
    private volatile long idleSince;
    private volatile String threadName;

    public Outbound(SocketChannel channel, Executor executor, ScheduledExecutorService timer, Listener listener,
            NanoClock ticker, int chunkSize, long maxQueuedBytes) {
        this.channel = channel;
        this.executor = executor;
        this.timer = timer;
        this.listener = listener;
        this.ticker = ticker;
        this.socket = new SocketWriter(channel, ticker);
        this.idleSince = ticker.nanoTime();
        this.chunkSize = chunkSize;
        this.control = new ControlQueue(maxQueuedBytes);
        this.threadName = "ferry-write";
    }

    /** Names the writer thread after the connection it serves, for logs and thread dumps. */
    public void name(String connection) {
        this.threadName = "ferry-write " + connection;
    }

    /** Queues a control frame. Dropped silently once the connection is finishing, dead or overflowed. */
    public void send(ByteBuffer frame) {
        long queued;
        synchronized (lock) {
            if (finishing || dead || control.overflowed()) {
                return;
            }
            if (control.offer(frame)) {
                schedule();
                return;
            }
            queued = control.overflowBytes();
        }
        try {
            executor.execute(() -> listener.overflow(queued));
        } catch (RejectedExecutionException e) {
            listener.overflow(queued);
        }
    }

    /**
     * Queues an event frame, or drops it (and counts it) if the client has fallen behind: more
     * than a quarter of the reply bound is already waiting.
     */
    public void sendEvent(ByteBuffer frame) {
        synchronized (lock) {
            if (finishing || dead || control.overflowed()) {
                return;
            }
            if (!control.offerEvent(frame)) {
                return;
            }
            if (running || eventsDue) {
                return; // the writer will take it, or a flush is already on its way
            }
            eventsDue = true;
            try {
                timer.schedule(this::flushEvents, EVENT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                schedule();
            }
        }
    }

    private void flushEvents() {
        synchronized (lock) {
            eventsDue = false;
            schedule();
        }
    }

    /** Encodes and queues a control message. */
    public void send(int id, Message message) {
        send(MessageCodec.encode(id, message));
    }

    /** Adds a transfer to the rotation. Returns false if the connection is finishing or dead. */
    public boolean start(Transfer transfer) {
        synchronized (lock) {
            if (finishing || dead || control.overflowed()) {
                return false;
            }
            rotation.addLast(transfer);
            schedule();
            return true;
        }
    }

    /**
     * Widens a transfer's window, putting it back in the rotation if it was waiting for one.
     *
     * @return false if the window would exceed its bound: the client broke the protocol
     */
    public boolean grant(Transfer transfer, int increment) {
        synchronized (lock) {
            if (!transfer.grant(increment)) {
                return false;
            }
            if (current != transfer && !rotation.contains(transfer) && transfer.sendable() && !transfer.ended()
                    && !finishing && !dead) {
                rotation.addLast(transfer);
                schedule();
            }
            return true;
        }
    }

    /**
     * Takes a transfer out of the rotation after {@link Transfer#end()} was claimed for it. If the
     * writer is in the middle of one of its chunks, the chunk is completed (a DATA frame is never
     * cut short) and the writer closes the file; otherwise the file is closed here.
     */
    public void remove(Transfer transfer) {
        boolean closeHere;
        synchronized (lock) {
            rotation.remove(transfer);
            closeHere = current != transfer;
        }
        if (closeHere) {
            transfer.close();
        }
    }

    /**
     * Queues the last frames (perhaps none), stops every transfer, writes what is queued and then shuts the
     * socket's output, so the client reads everything and then end-of-stream.
     */
    public void finish(List<ByteBuffer> last) {
        List<Transfer> dropped;
        synchronized (lock) {
            if (finishing || dead) {
                return;
            }
            finishing = true;
            control.addGoodbye(last);
            dropped = new ArrayList<>(rotation);
            rotation.clear();
            schedule();
        }
        dropped.forEach(Transfer::close);
    }

    /** When the write in progress last made progress, on the ticker; 0 if no write is in progress. */
    public long writeStalledSince() {
        return socket.stalledSince();
    }

    /**
     * True while a writer task is scheduled or running: something is being sent, or may be. False
     * once everything queued is out and every transfer left is waiting for its window.
     */
    public boolean busy() {
        synchronized (lock) {
            return activeDrains > 0;
        }
    }

    /** When the writer last went idle, on the ticker; meaningful while {@link #busy()} is false. */
    public long idleSince() {
        return idleSince;
    }

    /** Waits until the writer is idle; false if it still is not after {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (activeDrains > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Closes the connection; nothing is sent after. Both directions are shut down first, which
     * wakes a reader blocked on the socket and a write blocked on a client that stopped reading
     * ({@code sendfile} included, which closing the descriptor would leave blocked for good). If a
     * write is in progress, the socket is set to reset rather than linger with bytes the client
     * will never read, and the writer closes it once it has let go; otherwise it is closed here.
     * Safe to call more than once, from any thread.
     */
    public void close() {
        boolean writing;
        synchronized (lock) {
            if (closeRequested) {
                return;
            }
            closeRequested = true;
            dead = true;
            writing = activeDrains > 0;
        }
        try {
            channel.shutdownInput();
        } catch (IOException e) {
            // closed or reset already
        }
        shutdownOutput();
        if (!writing) {
            closeChannel();
            return;
        }
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // closed already: nothing left to reset
        }
    }

    /** Control bytes waiting to be written. */
    public long queuedBytes() {
        synchronized (lock) {
            return control.bytes();
        }
    }

    private void schedule() {
        if (running || dead) {
            return;
        }
        running = true;
        activeDrains++;
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            running = false;
            activeDrains--;
            dead = true;
        }
    }

    private void drain() {
        Thread thread = Thread.currentThread();
        String pooledName = thread.getName();
        thread.setName(threadName);
        try {
            drainLoop();
        } catch (IOException e) {
            failed(e);
        } finally {
            socket.clearStall();
            thread.setName(pooledName);
            drained();
        }
    }

    /** The last thing a writer task does: it is idle now, and closes the socket if that was asked for meanwhile. */
    private void drained() {
        boolean closeNow;
        synchronized (lock) {
            activeDrains--;
            closeNow = closeRequested && activeDrains == 0;
            if (activeDrains == 0) {
                idleSince = ticker.nanoTime();
                lock.notifyAll();
            }
        }
        if (closeNow) {
            closeChannel();
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all that was left
        }
    }

    private void failed(IOException e) {
        List<Transfer> dropped;
        synchronized (lock) {
            dead = true;
            running = false;
            dropped = new ArrayList<>(rotation);
            if (current != null) {
                dropped.add(current);
                current = null;
            }
            rotation.clear();
            control.clear();
        }
        dropped.forEach(Transfer::close);
        listener.writeFailed(e);
    }

    private void drainLoop() throws IOException {
        for (;;) {
            List<ByteBuffer> batch = new ArrayList<>();
            long controlBytes;
            Transfer next = null;
            int chunk = 0;
            synchronized (lock) {
                if (!finishing) {
                    control.noticeDroppedEvents();
                }
                controlBytes = control.takeAll(batch);
                Transfer head = rotation.peekFirst();
                // a small chunk rides along with the control frames; a large one waits until they are out
                if (head != null && (batch.isEmpty() || Math.min(head.credit(), head.size() - head.position()) <= INLINE_MAX)) {
                    next = rotation.pollFirst();
                    current = next;
                    chunk = next.takeChunk(chunkSize);
                }
                if (batch.isEmpty() && next == null) {
                    if (finishing && !dead) {
                        dead = true;
                        shutdownOutput();
                    }
                    running = false;
                    return;
                }
            }
            boolean inline = next != null && chunk <= INLINE_MAX;
            if (inline) {
                batch.addAll(socket.readChunk(next, chunk));
                if (next.dataSent() && !next.ended()) {
                    // close the transfer now so its FILE_END, if the digest is known, joins this same write
                    next.close();
                    listener.dataSent(next);
                    synchronized (lock) {
                        controlBytes += control.takeAll(batch);
                    }
                }
            }
            if (!batch.isEmpty()) {
                socket.write(batch.toArray(new ByteBuffer[0]));
                synchronized (lock) {
                    control.written(controlBytes);
                }
            }
            if (next == null) {
                continue;
            }
            if (!inline) {
                socket.sendChunk(next, chunk);
            }
            boolean again;
            boolean done;
            synchronized (lock) {
                current = null;
                done = next.dataSent() || next.ended() || finishing;
                again = !done && next.sendable();
                if (again) {
                    rotation.addLast(next);
                }
            }
            if (done && !inline) {
                next.close();
                if (next.dataSent() && !next.ended()) {
                    listener.dataSent(next);
                }
            } else if (done) {
                next.close();
            }
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            // already closed by the peer or the watchdog: nothing left to say
        }
    }
}
