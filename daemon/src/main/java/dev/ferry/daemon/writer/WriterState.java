package dev.ferry.daemon.writer;

/**
 * Whose turn it is to write one connection's socket, and whether anyone may again. Read and
 * changed only under the {@link WriterLock}, by {@link WriterLifecycle}.
 *
 * <pre>
 *            schedule                       loopEnded (nothing left)
 *   IDLE ------------------&gt; TASK ------------------------------------&gt; IDLE
 *    |  claimForReader        ^  \ loopEnded, goodbye out: FINISHING --exit--&gt; STOPPED
 *    +-----------------&gt; READER   \ writeFailed: STOPPING ------------exit--&gt; STOPPED
 *              handOver ---+
 *   any state with a turn in progress --close--&gt; CLOSING --exit--&gt; CLOSED
 *   IDLE, STOPPED ----------------------close--&gt; CLOSED
 * </pre>
 *
 * <p>At most one turn is in progress at a time: a new one starts only from {@code IDLE}, and a
 * turn leaves the state machine either back to {@code IDLE}, in the same hold of the lock that
 * found nothing left to send, or through {@link WriterLifecycle#exit()} from one of the states
 * that say what is left for it to do ({@code FINISHING}, {@code STOPPING}, {@code CLOSING}).
 */
enum WriterState {
    /** Nobody writes; whoever queues something next starts a turn. */
    IDLE,
    /** The reader thread writes what it has just queued, on its own thread, without waiting for the socket. */
    READER,
    /** A writer task is scheduled or writing; it sends until nothing is left. */
    TASK,
    /**
     * The goodbye is out: the turn that sent it ends the output (TLS's close_notify, then the
     * socket's FIN) on its way out, outside the lock. Nothing more is written.
     */
    FINISHING,
    /** A write failed, or no writer task could be started: the turn in progress stops. Nothing more is written. */
    STOPPING,
    /** The connection was closed while a turn was in progress: that turn closes the socket on its way out. */
    CLOSING,
    /** Nothing more is written and nobody writes; the socket stays open until it is closed. */
    STOPPED,
    /** The socket is closed, or being closed by whoever closed the connection. */
    CLOSED;

    /** True while a turn as the writer is under way, or on its way out: something is being sent, or may be. */
    boolean turnInProgress() {
        return this == READER || this == TASK || this == FINISHING || this == STOPPING || this == CLOSING;
    }

    /** True while someone holds the writer role and will see whatever is queued now. */
    boolean writing() {
        return this == READER || this == TASK;
    }

    /** True once nothing more will be written and no task will be scheduled again. */
    boolean stopped() {
        return this != IDLE && !writing();
    }
}
