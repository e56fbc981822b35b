package dev.ferry.daemon.session;

import dev.ferry.transport.Transport;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Who writes one connection's socket, from taking that role to letting it go, and the end of the
 * socket.
 *
 * <p>The writer role is held by one at a time: a writer task on the shared writer executor, or the
 * connection's reader thread, which may write what it has just queued itself rather than wake a
 * task ({@link #claimForReader}), and hands whatever it cannot write at once to a task
 * ({@link #handOver}). The role is taken only while there is something to send, and never by a
 * second while one holds it ({@link #running()}); once the writer has {@link #stopped()}, never
 * again. Turns are counted from the moment the role is taken to the last line of their cleanup,
 * which says whether the writer is {@link #busy()} and since when it has been idle.
 *
 * <p>The socket is closed here ({@link #close()}), never under a write in progress: closing a
 * descriptor does not wake a thread blocked in {@code sendfile} on it, so the socket is shut down
 * first (which does) and the writer closes it on its way out. Only a task's write can block so:
 * the reader's never waits for the socket.
 *
 * <p>Guarded by the {@link Outbound}'s lock, passed in: scheduling a task and asking for the close
 * must see each other, and whether there is something to send is decided under the same lock.
 * Methods said to run under the lock expect the caller to hold it, and assert that it does.
 */
final class WriterLifecycle {
    private final Object lock;
    private final Transport channel;
    private final Executor executor;
    private final NanoClock ticker;
    private final Runnable task;
    private boolean running;
    private boolean stopped;
    /** Turns as the writer taken and not yet over, up to the last line of their cleanup. */
    private int active;
    private boolean closeRequested;
    /** The goodbye is out: the turn that sent it ends the output on its way out, outside the lock. */
    private boolean finishDue;
    private volatile long idleSince;
    private volatile String threadName;

    /**
     * @param task what a writer task does: sends until there is nothing left, then calls
     *             {@link #loopEnded()}; or fails and calls {@link #writeFailed()}
     */
    WriterLifecycle(Object lock, Transport channel, Executor executor, NanoClock ticker, Runnable task) {
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

    /** Under the lock: someone holds the writer role, and will see whatever is queued now. */
    boolean running() {
        assert Thread.holdsLock(lock) : "the writer's state is read and changed under its lock";
        return running;
    }

    /** Under the lock: nothing more will be written, and no task will be scheduled again. */
    boolean stopped() {
        assert Thread.holdsLock(lock) : "the writer's state is read and changed under its lock";
        return stopped;
    }

    /** Under the lock: starts a writer task unless the role is taken or the writer has stopped. */
    void schedule() {
        assert Thread.holdsLock(lock) : "the writer's state is read and changed under its lock";
        if (running || stopped) {
            return;
        }
        running = true;
        startTask();
    }

    /**
     * Under the lock: gives the writer role to the reader thread that calls this, unless someone
     * holds it or the writer has stopped. True if the reader is now the writer; it then ends its
     * turn with {@link #loopEnded()} or {@link #handOver()}, and {@link #readerDone()} in any case.
     * It writes under its own thread name, which names the connection already: only a task renames
     * its thread, a pooled one.
     */
    boolean claimForReader() {
        assert Thread.holdsLock(lock) : "the writer's state is read and changed under its lock";
        if (running || stopped) {
            return false;
        }
        running = true;
        active++;
        return true;
    }

    /**
     * Under the lock, by the reader holding the writer role, when something is left it will not
     * send itself: a writer task takes the role over and sends it. The reader writes no more.
     */
    void handOver() {
        assert Thread.holdsLock(lock) : "the writer's state is read and changed under its lock";
        startTask();
    }

    /** The last thing the reader does after its turn as the writer, outside the lock. */
    void readerDone() {
        turnEnded();
    }

    private void startTask() {
        active++;
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            running = false;
            active--;
            stopped = true;
        }
    }

    /**
     * Under the lock, in the same hold that found nothing left to send: this turn as the writer is
     * over, so whatever is queued after this takes the role anew.
     */
    void loopEnded() {
        assert Thread.holdsLock(lock) : "the writer's state is read and changed under its lock";
        running = false;
    }

    /**
     * Under the lock, once the goodbye is out: the writer stops, and the turn that sent it ends the
     * output (TLS's close_notify, then the socket's FIN) before it lets go of the role, so the client
     * reads everything and then end-of-stream. That is done outside the lock: close_notify is a write
     * and may wait for a client that stopped reading, until the watchdog shuts the socket.
     */
    void goodbyeSent() {
        assert Thread.holdsLock(lock) : "the writer's state is read and changed under its lock";
        if (stopped) {
            return;
        }
        stopped = true;
        finishDue = true;
    }

    /** Under the lock: a write failed, which ended the task's loop; nothing more will be written. */
    void writeFailed() {
        assert Thread.holdsLock(lock) : "the writer's state is read and changed under its lock";
        stopped = true;
        running = false;
    }

    /**
     * True while someone holds the writer role, or a task is still on its way out: something is
     * being sent, or may be. False once everything queued is out and every transfer left is
     * waiting for its window.
     */
    boolean busy() {
        synchronized (lock) {
            return active > 0;
        }
    }

    /** When the writer last went idle, on the ticker; meaningful while {@link #busy()} is false. */
    long idleSince() {
        return idleSince;
    }

    /** Under the lock: a turn as the writer is under way, or a task on its way out. */
    boolean activeNow() {
        assert Thread.holdsLock(lock) : "the writer's state is read and changed under its lock";
        return active > 0;
    }

    /** Waits until the writer is idle; false if it still is not after {@code timeout}. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (active > 0) {
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
    void close() {
        boolean writing;
        synchronized (lock) {
            if (closeRequested) {
                return;
            }
            closeRequested = true;
            stopped = true;
            writing = active > 0;
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
            turnEnded();
        }
    }

    /** The last thing a turn as the writer does: it is idle now, and closes the socket if that was asked for meanwhile. */
    private void turnEnded() {
        boolean finish;
        synchronized (lock) {
            finish = finishDue;
            finishDue = false;
        }
        if (finish) {
            finishOutput();
        }
        boolean closeNow;
        synchronized (lock) {
            active--;
            closeNow = closeRequested && active == 0;
            if (active == 0) {
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

    private void finishOutput() {
        try {
            channel.finishOutput();
        } catch (IOException e) {
            // already closed by the peer or the watchdog: nothing left to say
        }
    }
}
