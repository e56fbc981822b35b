package dev.ferry.daemon.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.daemon.shared.MemoryBudget;
import dev.ferry.daemon.shared.NanoClock;
import dev.ferry.daemon.transfer.Rotation;
import dev.ferry.transport.PlainTransport;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The writer's lock rules are checked by the code, not only written down: a guarded method called
 * without the lock fails at once (the daemon's tests run with assertions on), and so does one
 * called while another thread holds it.
 */
@Timeout(10)
class WriterLockRulesTest {
    final WriterLock lock = new WriterLock();

    @Test
    void theTestsRunWithAssertionsOn() {
        boolean on = false;
        assert on = true; // only runs with -ea
        assertThat(on).as("assertions enabled for dev.ferry.daemon.writer").isTrue();
    }

    @Test
    void theControlQueueRefusesACallerWithoutTheLock() {
        ControlQueue queue = new ControlQueue(lock, 1000, new MemoryBudget(1L << 20, 1, 1000));

        assertThatThrownBy(() -> queue.offer(ByteBuffer.allocate(10)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the control queue is guarded by the writer's lock");
        assertThatThrownBy(queue::bytes).isInstanceOf(AssertionError.class);

        lock.lock();
        try {
            assertThat(queue.offer(ByteBuffer.allocate(10))).as("the same call with the lock held").isTrue();
            assertThat(queue.bytes()).isEqualTo(10);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void theRotationRefusesACallerWithoutTheLock() {
        Rotation rotation = new Rotation(lock);

        assertThatThrownBy(rotation::next)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the rotation is guarded by the writer's lock");
    }

    @Test
    void theWritersStateCannotChangeWithoutTheLock() throws Exception {
        try (SocketChannel channel = SocketChannel.open()) {
            WriterLifecycle writer = new WriterLifecycle(lock, new PlainTransport(channel), Runnable::run,
                    NanoClock.SYSTEM, () -> { });

            assertThatThrownBy(writer::claimForReader)
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("under the writer's lock");
            assertThatThrownBy(writer::schedule).isInstanceOf(AssertionError.class);

            lock.lock();
            try {
                assertThat(writer.claimForReader()).as("the role is free, and taken with the lock held").isTrue();
                assertThat(writer.state()).isEqualTo(WriterState.READER);
            } finally {
                lock.unlock();
            }
        }
    }

    @Test
    void aLockHeldByAnotherThreadDoesNotCount() throws Exception {
        Rotation rotation = new Rotation(lock);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            lock.lock();
            try {
                held.countDown();
                done.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }, "holds the writer's lock");
        other.start();
        try {
            assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(rotation::isEmpty).isInstanceOf(AssertionError.class);
        } finally {
            done.countDown();
            other.join(5000);
        }
    }
}
