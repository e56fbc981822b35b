package dev.ferry.daemon.writer;

import dev.ferry.daemon.shared.MemoryBudget;
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
 * <p>At most {@code maxBytes} of control frames may wait, and every byte waiting is taken from the
 * daemon's {@link MemoryBudget} until it is written. A client that lets more pile up than either
 * allows is not reading its replies: the reply that does not fit is not queued, and the queue has
 * {@link #overflowed()} for good, so the session can disconnect the client. Events are lighter:
 * past the point where the reader pauses ({@code eventsMax}), or when the budget is spent, they are
 * dropped rather than queued, and once the queue has drained a NOTICE says how many were lost, so
 * one chatty client cannot get a slow reader disconnected.
 *
 * <p>Guarded by the connection's {@link WriterLock}, like the rest of the writer's state: every
 * method asserts that its caller holds it.
 */
final class ControlQueue {
    private final WriterLock lock;
    private final long maxBytes;
    private final long eventsMax;
    private final MemoryBudget budget;
    private final ArrayDeque<ByteBuffer> frames = new ArrayDeque<>();
    /** Bytes of every frame queued (the goodbye and the NOTICE too), less the bytes written since. */
    private long bytes;
    private long droppedEvents;
    private boolean goodbyeQueued;
    private boolean overflowed;
    private long overflowBytes;
    private boolean overBudget;

    ControlQueue(WriterLock lock, long maxBytes, MemoryBudget budget) {
        this.lock = lock;
        this.maxBytes = maxBytes;
        this.eventsMax = Math.min(maxBytes / 4, budget.pauseAt());
        this.budget = budget;
    }

    /**
     * Queues a reply if it fits under the bound. If it does not, nothing is queued, the queue has
     * overflowed and false is returned.
     */
    boolean offer(ByteBuffer frame) {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        long queued = bytes + frame.remaining();
        if (queued > maxBytes || !budget.reserve(frame.remaining(), bytes)) {
            overflowed = true;
            overflowBytes = queued;
            overBudget = queued <= maxBytes;
            return false;
        }
        append(frame);
        return true;
    }

    /**
     * Queues an event frame, or drops it (and counts it) if the client has fallen behind: more
     * than a quarter of the bound is already waiting. False if it was dropped.
     */
    boolean offerEvent(ByteBuffer frame) {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        if (bytes + frame.remaining() > eventsMax || !budget.tryReserve(frame.remaining())) {
            droppedEvents++;
            return false;
        }
        append(frame);
        return true;
    }

    /** Queues the last frames of the connection, past the bounds: nothing is offered after them. */
    void addGoodbye(List<ByteBuffer> last) {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        goodbyeQueued = true;
        for (ByteBuffer frame : last) {
            add(frame);
        }
    }

    /** True once the goodbye is queued: the connection is finishing. */
    boolean goodbyeQueued() {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        return goodbyeQueued;
    }

    /**
     * If the queue has drained and events were dropped meanwhile, queues a NOTICE that says how
     * many; never after the goodbye.
     */
    void noticeDroppedEvents() {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        if (!frames.isEmpty() || droppedEvents == 0 || goodbyeQueued) {
            return;
        }
        add(MessageCodec.encode(Wire.NO_ID, new Message.Notice(ErrorCode.EVENTS_DROPPED,
                droppedEvents + " events were dropped while this connection fell behind; ask for status to catch up")));
        droppedEvents = 0;
    }

    /** Queues a frame whatever the bounds say, taking its bytes from the budget. */
    private void add(ByteBuffer frame) {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        budget.hold(frame.remaining());
        append(frame);
    }

    /** Queues a frame whose bytes were taken from the budget already. */
    private void append(ByteBuffer frame) {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
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
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
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
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        int dropped = frames.size();
        long freed = 0;
        for (ByteBuffer frame : frames) {
            freed += frame.remaining();
        }
        bytes -= freed;
        budget.release(freed);
        frames.clear();
        droppedEvents = 0;
        return dropped;
    }

    /** Frames taken with {@link #take} are on the wire: their bytes no longer count. */
    void written(long count) {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        bytes -= count;
        budget.release(count);
    }

    /**
     * Forgets every frame waiting and every frame taken but not reported written: the connection
     * cannot be written to any more. Gives all their bytes back to the budget.
     */
    void clear() {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        frames.clear();
        budget.release(bytes);
        bytes = 0;
    }

    /** True once a reply did not fit under the bound. */
    boolean overflowed() {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        return overflowed;
    }

    /** True if what did not fit was the daemon's budget, not this connection's own bound. */
    boolean overBudget() {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        return overBudget;
    }

    /** The bytes that would have been waiting with the reply that did not fit. */
    long overflowBytes() {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        return overflowBytes;
    }

    /** True if no frame waits to be taken. */
    boolean isEmpty() {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        return frames.isEmpty();
    }

    /** Control bytes waiting to be written. */
    long bytes() {
        assert lock.isHeldByCurrentThread() : "the control queue is guarded by the writer's lock";
        return bytes;
    }
}
