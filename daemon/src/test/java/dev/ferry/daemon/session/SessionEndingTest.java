package dev.ferry.daemon.session;

import dev.ferry.transport.PlainTransport;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.access.AuthGuard;
import dev.ferry.daemon.access.KeyRing;
import dev.ferry.daemon.access.KeysFile;
import dev.ferry.daemon.bandwidth.Bandwidth;
import dev.ferry.daemon.changes.ChangeFeed;
import dev.ferry.daemon.history.ConnectionTable;
import dev.ferry.daemon.repository.Repository;
import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.shared.MemoryBudget;
import dev.ferry.daemon.shared.NanoClock;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.daemon.transfer.DigestCache;
import dev.ferry.daemon.transfer.UploadSite;
import dev.ferry.daemon.changes.RepositoryEvents;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One session on its own, without a daemon around it, for the orderings between the threads that
 * may end it that a live daemon produces only now and then.
 */
@Timeout(60)
class SessionEndingTest {
    @TempDir
    Path repository;

    ExecutorService threads;
    ExecutorService writers;
    ExecutorService hashers;
    ScheduledExecutorService timer;
    ServerSocketChannel server;
    SessionContext context;

    @BeforeEach
    void start() throws IOException {
        TestDaemon.fill(repository);
        threads = Executors.newCachedThreadPool();
        writers = Executors.newCachedThreadPool();
        hashers = Executors.newFixedThreadPool(1);
        timer = Executors.newSingleThreadScheduledExecutor();
        DaemonConfig config = DaemonConfig.builder().host("127.0.0.1").port(0).repository(repository)
                .linger(Duration.ofSeconds(5)).build();
        ConnectionTable table = new ConnectionTable(Clock.systemUTC(), 100);
        Repository repo = Repository.open(repository);
        SessionRegistry registry = new SessionRegistry(3, 10, 10, table);
        context = new SessionContext(config, repo, registry, table,
                new DigestCache(hashers, 16), writers, timer, Clock.systemUTC(), NanoClock.SYSTEM,
                Clock.systemUTC().instant(), new MemoryBudget(config.memoryBudget(), 3, config.maxQueuedBytes()),
                KeyRing.load(new KeysFile(repository.resolveSibling("state")), Clock.systemUTC()),
                new AuthGuard(System::nanoTime, Duration.ZERO), new ChangeFeed(repo, registry, Clock.systemUTC()),
                new UploadSite(repo, config.uploads(), new MemoryBudget(config.memoryBudget(), 3, config.maxQueuedBytes()),
                        RepositoryEvents.NONE, Clock.systemUTC(), Runnable::run),
                new Bandwidth(0, 0, NanoClock.SYSTEM));
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        for (ExecutorService pool : new ExecutorService[] {threads, writers, hashers, timer}) {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Connects a client and starts the session's reader on a thread of its own. */
    /** Accepts a connection whose client says HELLO and reads the WELCOME. */
    private Session admitted(RawClient[] client, Future<?>[] reader) throws IOException {
        Session session = accept(client, reader);
        client[0].send(Wire.NO_ID, new Message.Hello(Wire.PROTOCOL_VERSION, "test"));
        assertThat(client[0].next().message()).isInstanceOf(Message.Welcome.class);
        return session;
    }

    /**
     * Holds up whoever wins the session's ending, the first time only: it runs {@code seen}, opens
     * {@code won}, and waits for {@code goOn} before acting on its win.
     */
    private static void holdTheWinner(Session session, Runnable seen, CountDownLatch won, CountDownLatch goOn) {
        session.endWon = () -> {
            session.endWon = () -> { };
            seen.run();
            won.countDown();
            try {
                goOn.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private Session accept(RawClient[] client, Future<?>[] reader) throws IOException {
        client[0] = RawClient.connectPlain((InetSocketAddress) server.getLocalAddress()); // a plain-text session
        SocketChannel channel = server.accept();
        Session session = new Session(new PlainTransport(channel), "127.0.0.1:test", "127.0.0.1", context);
        assertThat(context.registry().handshakeStarted(session)).isEqualTo(SessionRegistry.Admission.ADMITTED);
        reader[0] = threads.submit(session);
        return session;
    }

    @Test
    void anEndingThatWinsButIsSlowToGoOnNeverTurnsAClosedSessionBackToClosing() throws Exception {
        RawClient[] client = new RawClient[1];
        Future<?>[] reader = new Future<?>[1];
        Session session = admitted(client, reader);

        CountDownLatch won = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        holdTheWinner(session, () -> { }, won, goOn);
        // as a writer whose write failed: it wins the ending, then is held up before acting on it
        Future<?> winner = threads.submit(() -> session.abort("connection lost while sending (test)"));
        assertThat(won.await(10, TimeUnit.SECONDS)).isTrue();

        // meanwhile the reader sees the client leave, loses the ending and runs to the end
        client[0].close();
        reader[0].get(10, TimeUnit.SECONDS);
        assertThat(session.finished()).as("finished once its reader is done").isTrue();

        goOn.countDown();
        winner.get(10, TimeUnit.SECONDS);
        assertThat(session.finished()).as("still finished after the winner went on").isTrue();
        assertThat(session.endedBy().reason()).isEqualTo("connection lost while sending (test)");
        assertThat(context.registry().connected()).isZero();
    }

    @Test
    void theLingerDeadlineIsSetBeforeAnEndingCanBeSeen() throws Exception {
        RawClient[] client = new RawClient[1];
        Future<?>[] reader = new Future<?>[1];
        Session session = admitted(client, reader);

        CountDownLatch won = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        Duration[] lingerSeenByWinner = new Duration[1];
        holdTheWinner(session, () -> lingerSeenByWinner[0] = session.ending() ? session.lingerLeft() : null, won, goOn);
        Future<?> winner = threads.submit(session::shutdown);
        assertThat(won.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lingerSeenByWinner[0]).as("what a reader that lost the ending would wait for the writer")
                .isGreaterThan(Duration.ofSeconds(4)).isLessThanOrEqualTo(Duration.ofSeconds(5));

        goOn.countDown();
        winner.get(10, TimeUnit.SECONDS);
        assertThat(client[0].next().message()).isInstanceOf(Message.Notice.class);
        assertThat(client[0].next().message()).isInstanceOf(Message.Bye.class);
        client[0].close();
        reader[0].get(10, TimeUnit.SECONDS);
        assertThat(session.awaitWriterIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(session.finished()).isTrue();
    }
}
