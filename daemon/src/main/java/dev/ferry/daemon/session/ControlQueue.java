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

    /**
     * Moves queued frames into {@code batch}, oldest first, until they come to {@code maxBytes} (at
     * least one frame, if any waits); returns their bytes, for {@link #written} once they are out.
     * What is taken is on its way to the socket and can no longer be dropped, so a write carries
     * a bounded part of the queue: the rest can still give way to a last word ({@link #dropWaiting}).
     */
    long take(List<ByteBuffer> batch, long maxBytes) {
        long taken = 0;
        while (!frames.isEmpty()) {
            ByteBuffer frame = frames.peekFirst();
            if (taken > 0 && taken + frame.remaining() > maxBytes) {
                break;
            }
            taken += frame.remaining();
            batch.add(frames.pollFirst());
        }
        return taken;
    }

    /**
     * Forgets the frames still waiting (not those taken for a write in progress), so a last word
     * queued now goes out next; returns how many were dropped. Events dropped meanwhile are no
     * longer worth a NOTICE.
     */
    int dropWaiting() {
        int dropped = frames.size();
        for (ByteBuffer frame : frames) {
            bytes -= frame.remaining();
        }
        frames.clear();
        droppedEvents = 0;
        return dropped;
    }

    /** Frames taken with {@link #take} are on the wire: their bytes no longer count. */
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
