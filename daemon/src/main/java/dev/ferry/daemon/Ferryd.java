package dev.ferry.daemon;

import dev.ferry.daemon.history.ConnectionTable;
import dev.ferry.daemon.repository.DiskNames;
import dev.ferry.daemon.repository.Repository;
import dev.ferry.daemon.session.Session;
import dev.ferry.daemon.session.SessionContext;
import dev.ferry.daemon.session.SessionRegistry;
import dev.ferry.daemon.transfer.DigestCache;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FerryVersion;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon: listens, admits up to the client limit, runs one session per connection and stops
 * cleanly.
 *
 * <p>It owns every thread it uses: one accept thread, a cached pool with one reader task per
 * connection, a cached pool of writer tasks (a connection's writer runs only while it has
 * something to send), a fixed pool that hashes files, and a watchdog that applies timeouts.
 * {@link #close()} stops them all, in order, once.
 */
public final class Ferryd implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ferryd.class);
    private static final long WATCHDOG_PERIOD_MILLIS = 100;
    private static final int HASH_CACHE_ENTRIES = 4096;

    private final DaemonConfig config;
    private final ServerSocketChannel server;
    private final InetSocketAddress address;
    private final SessionContext context;
    private final ExecutorService connections = Executors.newCachedThreadPool(new NamedThreads("ferry-conn"));
    private final ExecutorService writers = Executors.newCachedThreadPool(new NamedThreads("ferry-write"));
    private final ExecutorService hashers;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(new NamedThreads("ferry-watchdog"));
    private final Thread acceptor;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Every connection from accept until its socket is closed; the watchdog's and shutdown's view. */
    private final Set<Session> live = new HashSet<>();
    /** Connections accepted so far; guarded by {@code live}. */
    private long accepted;

    private Ferryd(DaemonConfig config, Repository repository, ServerSocketChannel server) throws IOException {
        this.config = config;
        this.server = server;
        this.address = (InetSocketAddress) server.getLocalAddress();
        Clock clock = Clock.systemUTC();
        ConnectionTable table = new ConnectionTable(clock, config.historyLimit());
        SessionRegistry registry = new SessionRegistry(config.maxClients(), config.maxHandshakes(), table);
        this.hashers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new NamedThreads("ferry-hash"));
        DigestCache digests = new DigestCache(hashers, HASH_CACHE_ENTRIES);
        this.context = new SessionContext(config, repository, registry, table, digests, writers, watchdog, clock,
                clock.instant());
        this.acceptor = new Thread(this::acceptLoop, "ferry-accept " + hostPort(address));
        this.acceptor.setDaemon(true);
    }

    /**
     * Binds and starts serving.
     *
     * @throws java.nio.file.NoSuchFileException   if the repository does not exist
     * @throws java.nio.file.NotDirectoryException if it is not a folder
     * @throws java.net.BindException              if the address is in use or not local
     */
    public static Ferryd start(DaemonConfig config) throws IOException {
        Repository repository = Repository.open(config.repository());
        InetSocketAddress bindTo = new InetSocketAddress(config.host(), config.port());
        if (bindTo.isUnresolved()) {
            throw new java.net.UnknownHostException(config.host());
        }
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bindTo, 128);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        Ferryd daemon = new Ferryd(config, repository, server);
        daemon.acceptor.start();
        daemon.watchdog.scheduleWithFixedDelay(daemon::checkTimeouts, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        log.info("ferryd {} listening on {}, serving {}, at most {} clients (handshake timeout {} s, idle timeout {})",
                FerryVersion.get(), hostPort(daemon.address), repository.root(), config.maxClients(),
                config.handshakeTimeout().toSeconds(),
                config.idleTimeout().isZero() ? "off" : config.idleTimeout().toSeconds() + " s");
        DiskNames.localeWarning().ifPresent(log::warn);
        return daemon;
    }

    /** Where the daemon listens; with port 0 in the config, the port picked. */
    public InetSocketAddress address() {
        return address;
    }

    public DaemonConfig config() {
        return config;
    }

    /** The shared state of this daemon's sessions; for tests and diagnostics. */
    public SessionContext context() {
        return context;
    }

    private void acceptLoop() {
        while (!closed.get()) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // out of file descriptors, most likely: pause instead of spinning
                log.warn("accept failed: {}", e.toString());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                continue;
            }
            accepted(channel);
        }
    }

    private void accepted(SocketChannel channel) {
        String remote;
        try {
            remote = hostPort((InetSocketAddress) channel.getRemoteAddress());
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        } catch (IOException e) {
            closeQuietly(channel);
            return;
        }
        Session session = new Session(channel, remote, context);
        if (!context.registry().handshakeStarted(session)) {
            log.warn("refused {}: {} connections are already in their handshake", remote, config.maxHandshakes());
            refuseAndClose(channel, "too many connections are waiting to say HELLO; try again shortly");
            return;
        }
        log.info("connection from {}", remote);
        synchronized (live) {
            live.add(session);
            accepted++;
            live.notifyAll();
        }
        try {
            connections.execute(() -> {
                try {
                    session.run();
                } finally {
                    sessionEnded(session);
                }
            });
        } catch (RejectedExecutionException e) {
            sessionEnded(session);
            context.registry().handshakeEnded(session);
            closeQuietly(channel);
        }
    }

    private void sessionEnded(Session session) {
        synchronized (live) {
            live.remove(session);
            live.notifyAll();
        }
    }

    private List<Session> liveSnapshot() {
        synchronized (live) {
            return new ArrayList<>(live);
        }
    }

    /**
     * Waits until at least {@code count} connections have been accepted since the daemon started;
     * false on timeout. With {@link #awaitLiveSessions}, lets a caller know that every connection
     * it made has come and gone, even those still in the kernel's accept queue when it asked.
     */
    public boolean awaitAccepted(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (live) {
            while (accepted < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(live, left);
            }
            return true;
        }
    }

    /** Connections whose session is still running, from accept to the socket's close. */
    public int liveSessions() {
        synchronized (live) {
            return live.size();
        }
    }

    /**
     * Waits until at most {@code count} sessions are still running; false if that takes longer than
     * {@code timeout}. For diagnostics and tests that must know every thread has let go.
     */
    public boolean awaitLiveSessions(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (live) {
            while (live.size() > count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(live, left);
            }
            return true;
        }
    }

    /** Refuses on the accept thread; the frame is small enough never to block on a fresh socket. */
    private static void refuseAndClose(SocketChannel channel, String reason) {
        ByteBuffer frame = MessageCodec.encode(Wire.NO_ID, new Message.Refused(ErrorCode.SERVER_BUSY, reason));
        try {
            channel.write(frame);
            channel.shutdownOutput();
        } catch (IOException ignored) {
            // the client is gone already
        }
        closeQuietly(channel);
    }

    private void checkTimeouts() {
        long now = System.nanoTime();
        for (Session session : liveSnapshot()) {
            try {
                session.checkTimeouts(now);
            } catch (RuntimeException e) {
                log.error("watchdog failed on {}", session.address(), e);
            }
        }
    }

    /**
     * Stops serving: no new connections; every client is told the server is shutting down, its
     * transfers end with an error it can resume from, and its connection closes after the goodbye.
     * Returns when every thread has stopped, within a few seconds. Runs once; later calls return
     * at once.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        long started = System.nanoTime();
        List<Session> sessions;
        long served;
        synchronized (live) {
            sessions = new ArrayList<>(live);
            served = accepted;
        }
        log.info("shutting down: {} clients connected, {} connections open, {} connections served since start",
                context.registry().connected(), sessions.size(), served);
        closeQuietly(server);
        sessions.forEach(Session::shutdown);
        connections.shutdown();
        try {
            // each client is told and lingers at most config.linger(); the watchdog enforces it
            awaitLiveSessions(0, config.linger().plusSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        liveSnapshot().forEach(s -> s.abort("shutdown timed out"));
        connections.shutdownNow();
        awaitQuietly(connections, Duration.ofSeconds(1));
        watchdog.shutdownNow();
        writers.shutdown();
        hashers.shutdownNow();
        awaitQuietly(writers, Duration.ofSeconds(1));
        awaitQuietly(hashers, Duration.ofSeconds(1));
        writers.shutdownNow();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private static void awaitQuietly(ExecutorService executor, Duration timeout) {
        try {
            executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException ignored) {
            // closing on the way out
        }
    }

    /** {@code host:port} without the leading slash or hostname Java adds. */
    public static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
