package dev.ferry.daemon.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.shared.NanoClock;
import dev.ferry.transport.PlainTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whose turn it is to write, move by move: the {@link WriterState} a {@link WriterLifecycle} goes through. */
@Timeout(30)
class WriterLifecycleTest {
    final WriterLock lock = new WriterLock();
    /** Writer tasks handed to the executor, not run: the test plays the task. */
    final List<Runnable> tasks = new ArrayList<>();
    ServerSocketChannel server;
    Socket client;
    SocketChannel channel;
    WriterLifecycle writer;

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client = new Socket();
        client.connect(server.getLocalAddress(), 5000);
        client.setSoTimeout(10_000);
        channel = server.accept();
        writer = new WriterLifecycle(lock, new PlainTransport(channel), tasks::add, NanoClock.SYSTEM, () -> { });
    }

    @AfterEach
    void close() throws IOException {
        writer.close();
        client.close();
        server.close();
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private WriterState state() {
        return locked(writer::state);
    }

    @Test
    void aTaskTakesTheTurnFromIdleAndGivesItBackWhenNothingIsLeft() {
        locked(() -> {
            writer.schedule();
            return null;
        });
        assertThat(state()).isEqualTo(WriterState.TASK);
        assertThat(tasks).hasSize(1);
        assertThat(locked(writer::claimForReader)).as("the reader waits while a task holds the turn").isFalse();
        assertThat(writer.busy()).isTrue();

        assertThat(locked(() -> writer.loopEnded(false))).as("nothing left to do on its way out").isFalse();

        assertThat(state()).isEqualTo(WriterState.IDLE);
        assertThat(writer.busy()).isFalse();
        assertThat(locked(writer::claimForReader)).as("the turn is free again").isTrue();
        assertThat(state()).isEqualTo(WriterState.READER);
    }

    @Test
    void theReaderHandsItsTurnToATask() {
        assertThat(locked(writer::claimForReader)).isTrue();

        assertThat(locked(writer::handOver)).as("the task takes the turn over").isFalse();

        assertThat(state()).isEqualTo(WriterState.TASK);
        assertThat(tasks).hasSize(1);
    }

    @Test
    void afterTheGoodbyeTheTurnEndsTheOutputAndNoTurnStartsAgain() throws IOException {
        assertThat(locked(writer::claimForReader)).isTrue();

        assertThat(locked(() -> writer.loopEnded(true))).as("the output is still to be ended").isTrue();
        assertThat(state()).isEqualTo(WriterState.FINISHING);
        assertThat(writer.busy()).isTrue();
        writer.exit();

        assertThat(state()).isEqualTo(WriterState.STOPPED);
        assertThat(writer.busy()).isFalse();
        assertThat(client.getInputStream().read()).as("end of stream after the goodbye").isEqualTo(-1);
        locked(() -> {
            writer.schedule();
            return null;
        });
        assertThat(tasks).as("no task after the writer stopped").isEmpty();
        assertThat(locked(writer::claimForReader)).isFalse();
    }

    @Test
    void aCloseDuringATurnIsLeftToThatTurnWhichClosesTheSocketOnItsWayOut() throws Exception {
        assertThat(locked(writer::claimForReader)).isTrue();

        writer.close();
        assertThat(state()).isEqualTo(WriterState.CLOSING);
        assertThat(channel.isOpen()).as("not closed under the turn in progress").isTrue();
        assertThat(writer.awaitIdle(Duration.ofMillis(50))).isFalse();

        assertThat(locked(() -> writer.loopEnded(false))).isTrue();
        writer.exit();

        assertThat(state()).isEqualTo(WriterState.CLOSED);
        assertThat(channel.isOpen()).isFalse();
        assertThat(writer.awaitIdle(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void aCloseWithNoTurnInProgressClosesTheSocketAtOnce() {
        writer.close();

        assertThat(state()).isEqualTo(WriterState.CLOSED);
        assertThat(channel.isOpen()).isFalse();
    }
}
