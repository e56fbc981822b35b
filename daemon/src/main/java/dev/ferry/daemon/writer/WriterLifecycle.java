package dev.ferry.daemon.writer;

import dev.ferry.daemon.shared.NanoClock;
import dev.ferry.transport.Transport;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Who writes one connection's socket, from taking that role to letting it go, and the end of the
 * socket: the {@link WriterState} and every move between its states.
 *
 * <p>The writer role is held by one at a time: a writer task on the shared writer executor, or the
 * connection's reader thread, which may write what it has just queued itself rather than wake a
 * task ({@link #claimForReader}), and hands whatever it cannot write at once to a task
 * ({@link #handOver}). The role is taken only while there is something to send, and never by a
 * second while one holds it; once the writer has {@link #stopped()}, never again. A turn ends back
 * in {@link WriterState#IDLE} in the same hold of the lock that found nothing left to send
 * ({@link #loopEnded}), or, when something is left to do on its way out (ending the output after
 * the goodbye, closing the socket), through {@link #exit()} outside the lock.
 *
 * <p>The socket is closed here ({@link #close()}), never under a write in progress: closing a
 * descriptor does not wake a thread blocked in {@code sendfile} on it, so the socket is shut down
 * first (which does) and the writer closes it on its way out. Only a task's write can block so:
 * the reader's never waits for the socket.
 *
 * <p>Guarded by the {@link Outbound}'s {@link WriterLock}: scheduling a task and asking for the
 * close must see each other, and whether there is something to send is decided under the same
 * lock. Methods that read or change the state assert that their caller holds it.
 */
final class WriterLifecycle {
    private final WriterLock lock;
    private final Transport channel;
    private final Executor executor;
    private final NanoClock ticker;
    private final Runnable task;
    private WriterState state = WriterState.IDLE;
    private volatile long idleSince;
    private volatile String threadName;

    /**
     * @param task what a writer task does: sends until there is nothing left, then calls
     *             {@link #loopEnded}; or fails and calls {@link #writeFailed()}
     */
    WriterLifecycle(WriterLock lock, Transport channel, Executor executor, NanoClock ticker, Runnable task) {
        this.lock = lock;
        this.channel = channel;
        this.executor = executor;
        this.ticker = ticker;
        this.task = task;
        this.idleSince = ticker.nanoTime();
        this.threadName = "ferry-write";
    }

    /** Names the writer thread after the connection it serves, for logs and thread dumps. */
    void name(String connection) {
        this.threadName = "ferry-write " + connection;
    }

    /** Under the lock: the state, for what the writer's other parts decide by it. */
    WriterState state() {
        assert lock.isHeldByCurrentThread() : "the writer's state is read under its lock";
        return state;
    }

    /** Under the lock: someone holds the writer role, and will see whatever is queued now. */
    boolean running() {
        return state().writing();
    }

    /** Under the lock: nothing more will be written, and no task will be scheduled again. */
    boolean stopped() {
        return state().stopped();
    }

    /** Under the lock: a turn as the writer is under way, or on its way out. */
    boolean activeNow() {
        return state().turnInProgress();
    }

    /** Under the lock: starts a writer task unless the role is taken or the writer has stopped. */
    void schedule() {
        assert lock.isHeldByCurrentThread() : "a task is scheduled under the writer's lock";
        if (state != WriterState.IDLE) {
            return;
        }
        state = WriterState.TASK;
        if (!startTask()) {
            state = WriterState.STOPPED; // the executor is shut down: the daemon is stopping
        }
    }

    /**
     * Under the lock: gives the writer role to the reader thread that calls this, unless someone
     * holds it or the writer has stopped. True if the reader is now the writer; its turn then ends
     * with {@link #loopEnded}, {@link #handOver()} or {@link #writeFailed()}, as a task's does.
     * It writes under its own thread name, which names the connection already: only a task renames
     * its thread, a pooled one.
     */
    boolean claimForReader() {
        assert lock.isHeldByCurrentThread() : "the reader claims the writer role under the writer's lock";
        if (state != WriterState.IDLE) {
            return false;
        }
        state = WriterState.READER;
        return true;
    }

    /**
     * Under the lock, by the reader holding the writer role, when something is left it will not
     * send itself: a writer task takes the turn over and sends it. The reader writes no more.
     *
     * @return true if the turn is still the reader's, to end with {@link #exit()}: no task could be started
     */
    boolean handOver() {
        assert lock.isHeldByCurrentThread() : "the writer role is handed over under the writer's lock";
        assert state == WriterState.READER || state == WriterState.CLOSING : "only the reader's turn is handed over, not " + state;
        if (state == WriterState.READER) {
            state = WriterState.TASK;
        }
        if (startTask()) {
            return false;
        }
        if (state == WriterState.TASK) {
            state = WriterState.STOPPING;
        }
        return true;
    }

    private boolean startTask() {
        try {
            executor.execute(this::run);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * Under the lock, in the same hold that found nothing left to send: this turn as the writer is
     * over, so whatever is queued after this takes the role anew. Once the goodbye is out
     * ({@code goodbyeOut}), the writer stops instead, and the turn ends the output on its way out.
     *
     * @return true if the turn has something left to do outside the lock: call {@link #exit()}
     */
    boolean loopEnded(boolean goodbyeOut) {
        assert lock.isHeldByCurrentThread() : "a turn ends under the writer's lock";
        assert state.writing() || state == WriterState.CLOSING : "no turn to end in " + state;
        if (state == WriterState.CLOSING) {
            return true;
        }
        if (goodbyeOut) {
            state = WriterState.FINISHING;
            return true;
        }
        state = WriterState.IDLE;
        wentIdle();
        return false;
    }

    /** Under the lock: a write failed, which ended the turn's loop; nothing more will be written. Call {@link #exit()} next. */
    void writeFailed() {
        assert lock.isHeldByCurrentThread() : "a failed write is recorded under the writer's lock";
        if (state.writing()) {
            state = WriterState.STOPPING;
        }
    }

    /**
     * Under the lock, when a turn ends by an exception nobody expected: nothing more is written,
     * so that the socket can still be closed.
     *
     * @return true if the turn was still in progress: call {@link #exit()} next
     */
    boolean abandon() {
        assert lock.isHeldByCurrentThread() : "a turn is abandoned under the writer's lock";
        if (state.writing() || state == WriterState.FINISHING) {
            state = WriterState.STOPPING;
        }
        return state == WriterState.STOPPING || state == WriterState.CLOSING;
    }

    /**
     * The last thing a turn does that did not end back in {@link WriterState#IDLE}, outside the
     * lock: after the goodbye it ends the output (close_notify, then FIN), which is a write and may
     * wait for a client that stopped reading until the watchdog shuts the socket; if the connection
     * was closed meanwhile, it closes the socket, which nobody else would while the turn was in
     * progress.
     */
    void exit() {
        boolean finish;
        lock.lock();
        try {
            assert state == WriterState.FINISHING || state == WriterState.STOPPING || state == WriterState.CLOSING
                    : "no turn on its way out in " + state;
            finish = state == WriterState.FINISHING;
        } finally {
            lock.unlock();
        }
        if (finish) {
            finishOutput();
        }
        boolean closeNow;
        lock.lock();
        try {
            closeNow = state == WriterState.CLOSING;
            state = closeNow ? WriterState.CLOSED : WriterState.STOPPED;
            wentIdle();
        } finally {
            lock.unlock();
        }
        if (closeNow) {
            closeChannel();
        }
    }

    private void wentIdle() {
        assert lock.isHeldByCurrentThread() : "the writer goes idle under its lock";
        idleSince = ticker.nanoTime();
        lock.signalChanged();
    }

    /**
     * True while someone holds the writer role, or a turn is on its way out: something is being
     * sent, or may be. False once everything queued is out and every transfer left is waiting for
     * its window.
     */
    boolean busy() {
        lock.lock();
        try {
            return state.turnInProgress();
        } finally {
            lock.unlock();
        }
    }

    /** When the writer last went idle, on the ticker; meaningful while {@link #busy()} is false. */
    long idleSince() {
        return idleSince;
    }

    /** Waits until the writer is idle; false if it still is not after {@code timeout}. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (state.turnInProgress()) {
                if (left <= 0) {
                    return false;
                }
                left = lock.awaitChanged(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the connection; nothing is sent after. Both directions are shut down first, which
     * wakes a reader blocked on the socket and a write blocked on a client that stopped reading
     * ({@code sendfile} included, which closing the descriptor would leave blocked for good). If a
     * turn is in progress, the socket is set to reset rather than linger with bytes the client
     * will never read, and that turn closes it on its way out; otherwise it is closed here.
     * Safe to call more than once, from any thread.
     */
    void close() {
        boolean writing;
        lock.lock();
        try {
            if (state == WriterState.CLOSING || state == WriterState.CLOSED) {
                return;
            }
            writing = state.turnInProgress();
            state = writing ? WriterState.CLOSING : WriterState.CLOSED;
        } finally {
            lock.unlock();
        }
        try {
            channel.socket().shutdownInput();
        } catch (IOException e) {
            // closed or reset already
        }
        try {
            channel.socket().shutdownOutput();
        } catch (IOException e) {
            // closed or reset already
        }
        if (!writing) {
            closeChannel();
            return;
        }
        try {
            channel.socket().setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            // closed already: nothing left to reset
        }
    }

    private void run() {
        Thread thread = Thread.currentThread();
        String pooledName = thread.getName();
        thread.setName(threadName);
        try {
            task.run();
        } finally {
            thread.setName(pooledName);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is all that was left
        }
    }

    private void finishOutput() {
        try {
            channel.finishOutput();
        } catch (IOException e) {
            // already closed by the peer or the watchdog: nothing left to say
        }
    }
}
