package dev.ferry.daemon.session;

import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The control frames (replies, events) one connection has waiting for its writer, and their bound.
 *
 * <p>At most {@code maxBytes} of control frames may wait. A client that lets more pile up is not
 * reading its replies: the reply that does not fit is not queued, and the queue has
 * {@link #overflowed()} for good, so the session can disconnect the client. Events are lighter:
 * past a quarter of the bound they are dropped rather than queued, and once the queue has drained
 * a NOTICE says how many were lost, so one chatty client cannot get a slow reader disconnected.
 *
 * <p>Not thread-safe: guarded by the {@link Outbound}'s lock, like the rest of the writer's state.
 */
final class ControlQueue {
    private final long maxBytes;
    private final ArrayDeque<ByteBuffer> frames = new ArrayDeque<>();
    /** Bytes of every frame queued (the goodbye and the NOTICE too), less the bytes written since. */
    private long bytes;
    private long droppedEvents;
    private boolean goodbyeQueued;
    private boolean overflowed;
    private long overflowBytes;

    ControlQueue(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * Queues a reply if it fits under the bound. If it does not, nothing is queued, the queue has
     * overflowed and false is returned.
     */
    boolean offer(ByteBuffer frame) {
        long queued = bytes + frame.remaining();
        if (queued > maxBytes) {
            overflowed = true;
            overflowBytes = queued;
            return false;
        }
        add(frame);
        return true;
    }

    /**
     * Queues an event frame, or drops it (and counts it) if the client has fallen behind: more
     * than a quarter of the bound is already waiting. False if it was dropped.
     */
    boolean offerEvent(ByteBuffer frame) {
        if (bytes + frame.remaining() > maxBytes / 4) {
            droppedEvents++;
            return false;
        }
        add(frame);
        return true;
    }

    /** Queues the last frames of the connection, past the bound: nothing is offered after them. */
    void addGoodbye(List<ByteBuffer> last) {
        goodbyeQueued = true;
        for (ByteBuffer frame : last) {
            add(frame);
        }
    }

    /** True once the goodbye is queued: the connection is finishing. */
    boolean goodbyeQueued() {
        return goodbyeQueued;
    }

    /**
     * If the queue has drained and events were dropped meanwhile, queues a NOTICE that says how
     * many; never after the goodbye.
     */
    void noticeDroppedEvents() {
        if (!frames.isEmpty() || droppedEvents == 0 || goodbyeQueued) {
            return;
        }
        add(MessageCodec.encode(Wire.NO_ID, new Message.Notice(ErrorCode.EVENTS_DROPPED,
                droppedEvents + " events were dropped while this connection fell behind; ask for status to catch up")));
        droppedEvents = 0;
    }

    private void add(ByteBuffer frame) {
        bytes += frame.remaining();
        frames.addLast(frame);
    }

    /** Moves every queued frame into {@code batch}; returns their bytes, for {@link #written} once they are out. */
    long takeAll(List<ByteBuffer> batch) {
        long taken = 0;
        for (ByteBuffer frame : frames) {
            taken += frame.remaining();
            batch.add(frame);
        }
        frames.clear();
        return taken;
    }

    /** Frames taken with {@link #takeAll} are on the wire: their bytes no longer count. */
    void written(long count) {
        bytes -= count;
    }

    /** Forgets every frame waiting: the connection cannot be written to any more. */
    void clear() {
        frames.clear();
        bytes = 0;
    }

    /** True once a reply did not fit under the bound. */
    boolean overflowed() {
        return overflowed;
    }

    /** The bytes that would have been waiting with the reply that did not fit. */
    long overflowBytes() {
        return overflowBytes;
    }

    /** True if no frame waits to be taken. */
    boolean isEmpty() {
        return frames.isEmpty();
    }

    /** Control bytes waiting to be written. */
    long bytes() {
        return bytes;
    }
}
