package dev.ferry.daemon.writer;

import dev.ferry.transport.PlainTransport;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.repository.FileStamp;
import dev.ferry.daemon.repository.ServedFile;
import dev.ferry.daemon.shared.MemoryBudget;
import dev.ferry.daemon.shared.NanoClock;
import dev.ferry.daemon.transfer.Transfer;
import dev.ferry.protocol.FrameReader;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Who writes a connection's replies: the reader thread itself when it can, a writer task when it must. */
@Timeout(60)
class OutboundTest {
    ExecutorService pool;
    ScheduledExecutorService timer;
    /** Writer tasks started on the pool. */
    final AtomicInteger tasks = new AtomicInteger();
    final CountDownLatch writeFailed = new CountDownLatch(1);
    ServerSocketChannel server;
    Socket client;
    SocketChannel channel;
    Outbound out;
    final MemoryBudget budget = new MemoryBudget(1L << 30, 3, 256L << 20);

    final Outbound.Listener listener = new Outbound.Listener() {
        @Override
        public void dataSent(Transfer transfer) {
            // no transfers here
        }

        @Override
        public void writeFailed(IOException cause) {
            writeFailed.countDown();
        }

        @Override
        public void overflow(long queuedBytes, boolean overBudget) {
            throw new AssertionError("overflow at " + queuedBytes + " bytes");
        }
    };

    @BeforeEach
    void connect() throws IOException {
        pool = Executors.newCachedThreadPool();
        timer = Executors.newSingleThreadScheduledExecutor();
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        client = new Socket();
        client.setReceiveBufferSize(4096);
        client.connect(server.getLocalAddress(), 5000);
        client.setSoTimeout(20_000);
        channel = server.accept();
        out = new Outbound(new PlainTransport(channel), task -> {
            tasks.incrementAndGet();
            pool.execute(task);
        }, timer, listener, NanoClock.SYSTEM, 1 << 20, 256L << 20, budget);
    }

    @AfterEach
    void close() throws Exception {
        out.close();
        client.close();
        server.close();
        pool.shutdownNow();
        timer.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aReplyTheReaderQueuesIsWrittenOnItsOwnThreadWhenNoTaskIsRunning() throws IOException {
        out.holdReplies();
        out.send(7, new Message.Pong(42));
        out.send(8, new Message.Pong(43));
        assertThat(out.busy()).as("held back until the reader flushes").isFalse();
        out.flush();

        assertThat(tasks.get()).as("writer tasks started").isZero();
        assertThat(out.busy()).isFalse();
        FrameReader frames = new FrameReader(Channels.newChannel(client.getInputStream()), FrameReader.Peer.SERVER, 64);
        assertThat(frames.read().message()).isEqualTo(new Message.Pong(42));
        assertThat(frames.read().message()).isEqualTo(new Message.Pong(43));
        out.stopHolding();
    }

    @Test
    void whatOthersQueueStillGoesThroughAWriterTask() throws IOException {
        out.send(7, new Message.Pong(42)); // not the holder: from a thread of its own, say a digest finishing
        FrameReader frames = new FrameReader(Channels.newChannel(client.getInputStream()), FrameReader.Peer.SERVER, 64);
        assertThat(frames.read().message()).isEqualTo(new Message.Pong(42));
        assertThat(tasks.get()).isEqualTo(1);
    }

    @Test
    void repliesTheSocketWillNotTakeGoToAWriterTaskAndTheReaderNeverWaitsForTheClient() throws Exception {
        String text = "x".repeat(Wire.MAX_REASON_BYTES / 2);
        out.holdReplies();
        int flushes = 0;
        // the client reads nothing: sooner or later the socket's buffers are full
        while (tasks.get() == 0 && flushes < 10_000) {
            out.send(flushes, new Message.HelpReply(text));
            out.flush(); // returns at once, whatever the socket took
            flushes++;
        }
        assertThat(tasks.get()).as("one writer task took over").isEqualTo(1);
        assertThat(flushes).as("replies written by the reader before the socket was full").isGreaterThan(1);

        // more replies meanwhile join the task's queue: the reader does not write while the task holds the role
        out.send(flushes, new Message.HelpReply(text));
        out.flush();
        assertThat(tasks.get()).isEqualTo(1);
        assertThat(out.busy()).isTrue();

        out.close(); // what the watchdog does at the write timeout: it wakes the blocked task
        assertThat(writeFailed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out.awaitIdle(Duration.ofSeconds(10))).isTrue();
        out.stopHolding();
    }

    /**
     * A client dropped for the replies it left unread learns why after reading at most what is
     * already on its way: the replies still waiting give way to the last word, and the connection
     * then ends in order (end of stream, no reset).
     */
    @Test
    void theLastWordJumpsTheRepliesStillWaitingAndTheConnectionEndsInOrder() throws Exception {
        String text = "x".repeat(Wire.MAX_REASON_BYTES - 16);
        long queued = 0;
        int replies = 0;
        while (queued < (24L << 20)) { // far more than the socket's buffers hold, as a client not reading lets pile up
            out.send(++replies, new Message.HelpReply(text));
            queued = out.queuedBytes();
        }
        Message.ErrorReply why = new Message.ErrorReply(dev.ferry.protocol.ErrorCode.TOO_MANY_REQUESTS, "disconnecting");
        int dropped = out.finish(java.util.List.of(MessageCodec.encode(Wire.NO_ID, why)), true);

        // Linux grows a loopback socket's send buffer up to net.ipv4.tcp_wmem's maximum, 4 MiB by default
        long buffers = Math.max(4L << 20, channel.getOption(java.net.StandardSocketOptions.SO_SNDBUF))
                + client.getReceiveBufferSize();
        FrameReader frames = new FrameReader(Channels.newChannel(client.getInputStream()), FrameReader.Peer.SERVER, 64 * 1024);
        long before = 0;
        int read = 0;
        dev.ferry.protocol.Frame frame;
        while ((frame = frames.read()) != null && frame.message() instanceof Message.HelpReply) {
            before += MessageCodec.encode(frame.id(), frame.message()).remaining();
            read++;
        }
        assertThat(frame).as("the frame after the replies on their way").isNotNull();
        assertThat(frame.message()).isEqualTo(why);
        assertThat(frames.read()).as("end of stream, not a reset").isNull();
        assertThat(before).as("reply bytes read before the error").isLessThanOrEqualTo(buffers + 2L * WriteLoop.PASS_MAX);
        assertThat(read + dropped).isEqualTo(replies);
        dev.ferry.daemon.testing.Figures.record("limits", "a connection with " + queued + " bytes of replies waiting"
                + " was dropped: its reader got the ERROR after " + before + " bytes (" + read + " replies, the socket's"
                + " buffers hold " + buffers + "), " + dropped + " waiting replies dropped, then end of stream");
    }

    /**
     * A turn ended by an exception nobody expected (here a listener with a bug) does not leave the
     * writer's state claiming a turn for ever: the writer stops, is idle, takes nothing more, and
     * the socket can still be closed.
     */
    @Test
    void aTurnEndedByAnUnexpectedExceptionLeavesTheWriterIdleAndItsSocketClosable(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("small.txt"), "hello\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ServedFile served = new ServedFile("small.txt", file, FileStamp.of(file), dir);
        CountDownLatch thrown = new CountDownLatch(1);
        Outbound.Listener buggy = new Outbound.Listener() {
            @Override
            public void dataSent(Transfer transfer) {
                throw new IllegalStateException("a bug in the listener");
            }

            @Override
            public void writeFailed(IOException cause) {
                // not what happens here
            }

            @Override
            public void overflow(long queuedBytes, boolean overBudget) {
                // not what happens here
            }
        };
        Outbound failing = new Outbound(new PlainTransport(channel), task -> pool.execute(() -> {
            try {
                task.run();
            } catch (IllegalStateException e) {
                thrown.countDown();
            }
        }), timer, buggy, NanoClock.SYSTEM, 1 << 20, 256L << 20, budget);

        assertThat(failing.start(new Transfer(1, served, FileChannel.open(file), 0, 1 << 20, new CompletableFuture<>())))
                .isTrue();
        assertThat(thrown.await(10, TimeUnit.SECONDS)).as("the writer task ended by the exception").isTrue();

        assertThat(failing.awaitIdle(Duration.ofSeconds(10))).as("no turn left claimed").isTrue();
        assertThat(failing.start(new Transfer(2, served, FileChannel.open(file), 0, 1 << 20, new CompletableFuture<>())))
                .as("a stopped writer takes nothing more").isFalse();
        failing.close();
        assertThat(client.getInputStream().read()).as("end of stream: the socket is closed").isEqualTo(-1);
    }
}
