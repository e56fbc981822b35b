package dev.ferry.daemon.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.protocol.Frame;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import dev.ferry.daemon.shared.MemoryBudget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bound on one connection's waiting control frames, and what counts towards it. */
@Timeout(10)
class ControlQueueTest {
    static final int BOUND = 1000;

    /** The writer's lock, which guards the queue: held for the whole test, as the writer holds it for every call. */
    final WriterLock lock = new WriterLock();
    final ControlQueue queue = new ControlQueue(lock, BOUND, new MemoryBudget(1L << 30, 1, BOUND));

    @BeforeEach
    void lock() {
        lock.lock();
    }

    @AfterEach
    void unlock() {
        lock.unlock();
    }

    private static ByteBuffer frame(int bytes) {
        return ByteBuffer.allocate(bytes);
    }

    /** Takes everything queued and reports it written, as the writer does; returns what was taken. */
    private List<ByteBuffer> writeAll() {
        List<ByteBuffer> batch = new ArrayList<>();
        queue.written(queue.take(batch, Long.MAX_VALUE));
        return batch;
    }

    @Test
    void aReplyThatWouldPassTheBoundIsRefusedAndTheQueueOverflows() {
        assertThat(queue.offer(frame(600))).isTrue();
        assertThat(queue.offer(frame(401))).isFalse();
        assertThat(queue.overflowed()).isTrue();
        assertThat(queue.overflowBytes()).isEqualTo(1001);
        assertThat(queue.bytes()).isEqualTo(600);
    }

    @Test
    void aNoticeOfDroppedEventsCountsWhileItWaitsAndNeverLoosensTheBound() throws IOException {
        assertThat(queue.offerEvent(frame(200))).isTrue();
        assertThat(queue.offerEvent(frame(200))).as("past a quarter of the bound").isFalse();
        writeAll();
        assertThat(queue.bytes()).isZero();

        queue.noticeDroppedEvents();
        List<ByteBuffer> notice = new ArrayList<>();
        long taken = queue.take(notice, Long.MAX_VALUE);
        assertThat(notice).hasSize(1);
        Frame decoded = new FrameReader(Channels.newChannel(new java.io.ByteArrayInputStream(bytes(notice.get(0)))),
                FrameReader.Peer.SERVER, 256).read();
        assertThat(decoded.message()).isInstanceOfSatisfying(Message.Notice.class,
                n -> assertThat(n.text()).startsWith("1 events were dropped"));
        assertThat(queue.bytes()).as("counted while it waits to be written").isEqualTo(taken).isPositive();
        queue.written(taken);
        assertThat(queue.bytes()).isZero();

        assertThat(queue.offer(frame(BOUND + 1))).as("the bound is where it was").isFalse();
    }

    @Test
    void theGoodbyeCountsLikeAnyFrameThoughItMayPassTheBound() {
        assertThat(queue.offer(frame(900))).isTrue();
        queue.addGoodbye(List.of(frame(150), frame(50)));
        assertThat(queue.bytes()).isEqualTo(1100);
        assertThat(writeAll()).hasSize(3);
        assertThat(queue.bytes()).isZero();
    }

    /**
     * The daemon's budget, shared by every connection: once others have spent it, a connection
     * still gets replies within its share, and one past its share overflows, for the budget's sake.
     */
    @Test
    void aSpentBudgetStillLetsAConnectionHaveItsShareAndOverflowsOneThatWantsMore() {
        int share = 128 * 1024;
        MemoryBudget budget = new MemoryBudget(2 * share, 2, 16L << 20);
        ControlQueue greedy = new ControlQueue(lock, 16L << 20, budget);
        ControlQueue modest = new ControlQueue(lock, 16L << 20, budget);
        assertThat(budget.share()).isEqualTo(share);

        long taken = 0;
        while (greedy.offer(frame(16 * 1024))) { // within its own bound, but past the budget
            taken += 16 * 1024;
        }
        assertThat(greedy.overflowed()).isTrue();
        assertThat(greedy.overBudget()).as("what did not fit was the budget, not the connection's bound").isTrue();
        assertThat(taken).isEqualTo(2 * share);
        assertThat(budget.used()).isEqualTo(taken);

        assertThat(modest.offer(frame(share))).as("its share, though the budget is spent").isTrue();
        assertThat(budget.used()).isEqualTo(taken + share);
        assertThat(modest.offer(frame(1))).as("past its share").isFalse();
        assertThat(modest.overBudget()).isTrue();
        assertThat(modest.offerEvent(frame(10))).as("events are dropped rather than take what is spent").isFalse();

        greedy.clear();
        List<ByteBuffer> batch = new ArrayList<>();
        modest.written(modest.take(batch, Long.MAX_VALUE));
        assertThat(budget.used()).as("every byte given back").isZero();
    }

    @Test
    void repliesDroppedForALastWordGiveTheirBytesBack() {
        MemoryBudget budget = new MemoryBudget(1L << 20, 1, 1L << 20);
        ControlQueue queue = new ControlQueue(lock, 1L << 20, budget);
        for (int i = 0; i < 10; i++) {
            assertThat(queue.offer(frame(1000))).isTrue();
        }
        List<ByteBuffer> inFlight = new ArrayList<>();
        long taken = queue.take(inFlight, 2500);
        assertThat(inFlight).as("a write takes at most its bytes, at least one frame").hasSize(2);

        assertThat(queue.dropWaiting()).isEqualTo(8);
        queue.addGoodbye(List.of(frame(50)));
        assertThat(budget.used()).isEqualTo(taken + 50);
        queue.written(taken);
        queue.written(queue.take(inFlight, Long.MAX_VALUE));
        assertThat(budget.used()).isZero();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
