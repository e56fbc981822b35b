package dev.ferry.daemon;

import dev.ferry.daemon.access.AuthGuard;
import dev.ferry.daemon.access.AuthMode;
import dev.ferry.daemon.access.KeyRing;
import dev.ferry.daemon.access.KeysFile;
import dev.ferry.daemon.bandwidth.Bandwidth;
import dev.ferry.daemon.changes.ChangeFeed;
import dev.ferry.daemon.history.ConnectionTable;
import dev.ferry.daemon.repository.DiskNames;
import dev.ferry.daemon.repository.Repository;
import dev.ferry.daemon.repository.RepositoryWatcher;
import dev.ferry.daemon.session.Session;
import dev.ferry.daemon.session.SessionContext;
import dev.ferry.daemon.session.SessionRegistry;
import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.shared.MemoryBudget;
import dev.ferry.daemon.shared.NanoClock;
import dev.ferry.daemon.transfer.DigestCache;
import dev.ferry.daemon.transfer.UploadSite;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.FerryVersion;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import dev.ferry.settings.Durations;
import dev.ferry.settings.Rate;
import dev.ferry.transport.PlainTransport;
import dev.ferry.transport.ServerIdentity;
import dev.ferry.transport.TlsEngines;
import dev.ferry.transport.Transport;
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
 * <p>It owns every thread it uses: one accept thread, an executor with one reader task per
 * connection, an executor of writer tasks (a connection's writer runs only while it has
 * something to send), both on virtual threads from Java 21 ({@link ConnectionThreads}), a fixed
 * pool that hashes files, a watchdog that applies timeouts, the {@link ChangeFeed}'s thread that
 * turns changes into events, and (through its {@link Repository}) the thread that watches the
 * repository for changes.
 * {@link #close()} stops them all, in order, once.
 */
public final class Ferryd implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Ferryd.class);
    private static final long WATCHDOG_PERIOD_MILLIS = 100;
    private static final int HASH_CACHE_ENTRIES = 4096;
    /** The whole of {@link #close()}: goodbyes, lingering clients, then every thread, all within this. */
    static final Duration SHUTDOWN_LIMIT = Duration.ofMillis(3500);
    /** Of {@link #SHUTDOWN_LIMIT}, what is kept for stopping threads after the graceful part. */
    private static final Duration SHUTDOWN_RESERVE = Duration.ofSeconds(1);

    private final DaemonConfig config;
    private final NanoClock ticker;
    private final ServerSocketChannel server;
    private final InetSocketAddress address;
    /** Null when the daemon speaks plain text. */
    private final TlsEngines tls;
    private final ServerIdentity identity;
    private final SessionContext context;
    private final ExecutorService connections = ConnectionThreads.perTask("ferry-conn");
    private final ExecutorService writers = ConnectionThreads.perTask("ferry-write");
    private final ExecutorService hashers;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(new NamedThreads("ferry-watchdog"));
    private final Thread acceptor;
    private final ChangeFeed changes;
    private final UploadSite uploads;
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * Every connection from accept until it has {@link Session#finished() finished}: its reader done
     * and its writer idle. The watchdog's and shutdown's view.
     */
    private final Set<Session> live = new HashSet<>();
    /** Connections accepted so far; guarded by {@code live}. */
    private long accepted;

    private Ferryd(DaemonConfig config, NanoClock ticker, Clock clock, Repository repository, KeyRing keys,
            ServerSocketChannel server, ServerIdentity identity, TlsEngines tls) throws IOException {
        this.config = config;
        this.identity = identity;
        this.tls = tls;
        this.ticker = ticker;
        this.server = server;
        this.address = (InetSocketAddress) server.getLocalAddress();
        ConnectionTable table = new ConnectionTable(clock, config.historyLimit());
        SessionRegistry registry = new SessionRegistry(config.maxClients(), config.maxHandshakes(),
                config.maxHandshakesPerAddress(), table);
        this.hashers = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                new NamedThreads("ferry-hash"));
        DigestCache digests = new DigestCache(hashers, HASH_CACHE_ENTRIES);
        this.changes = new ChangeFeed(repository, registry, clock);
        MemoryBudget memory = new MemoryBudget(config.memoryBudget(), config.maxClients(), config.maxQueuedBytes());
        this.uploads = new UploadSite(repository, config.uploads(), memory, changes, clock, hashers);
        this.context = new SessionContext(config, repository, registry, table, digests, writers, watchdog, clock,
                ticker, clock.instant(), memory, keys, new AuthGuard(ticker::nanoTime, config.authPause()), changes,
                uploads, new Bandwidth(config.maxRate(), config.maxTotalRate(), ticker));
        this.acceptor = new Thread(this::acceptLoop, "ferry-accept " + hostPort(address));
        this.acceptor.setDaemon(true);
        this.acceptor.setUncaughtExceptionHandler(UncaughtErrors.handler());
    }

    /**
     * Binds and starts serving.
     *
     * @throws java.nio.file.NoSuchFileException   if the repository does not exist
     * @throws java.nio.file.NotDirectoryException if it is not a folder
     * @throws java.net.BindException              if the address is in use or not local
     */
    public static Ferryd start(DaemonConfig config) throws IOException {
        return start(config, NanoClock.SYSTEM);
    }

    /**
     * Binds and starts serving, measuring every timeout on {@code ticker}; for tests that move
     * time forward instead of waiting for it.
     */
    public static Ferryd start(DaemonConfig config, NanoClock ticker) throws IOException {
        return start(config, ticker, Clock.systemUTC());
    }

    /**
     * Binds and starts serving, with timeouts on {@code ticker} and wall time (key expiry, the
     * history) on {@code clock}; for tests that move either.
     *
     * @throws IOException also if the keys file exists but cannot be read
     */
    public static Ferryd start(DaemonConfig config, NanoClock ticker, Clock clock) throws IOException {
        KeyRing keys = KeyRing.load(new KeysFile(config.stateDir()), clock);
        ServerIdentity identity = ServerIdentity.loadOrCreate(config.stateDir());
        TlsEngines tls = config.tls() ? TlsEngines.forServer(identity.key(), identity.certificate()) : null;
        Repository repository = Repository.watched(config.repository(), RepositoryWatcher::start);
        ServerSocketChannel server = null;
        Ferryd daemon;
        try {
            InetSocketAddress bindTo = new InetSocketAddress(config.host(), config.port());
            if (bindTo.isUnresolved()) {
                throw new java.net.UnknownHostException(config.host());
            }
            if (!config.tls() && !bindTo.getAddress().isLoopbackAddress()) {
                throw new PlainTextRefused(config.host());
            }
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(bindTo, 128);
            daemon = new Ferryd(config, ticker, clock, repository, keys, server, identity, tls);
        } catch (IOException e) {
            repository.close();
            if (server != null) {
                server.close();
            }
            throw e;
        }
        daemon.changes.start();
        daemon.acceptor.start();
        daemon.watchdog.scheduleWithFixedDelay(daemon::watch, WATCHDOG_PERIOD_MILLIS, WATCHDOG_PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        log.info("ferryd {} listening on {} ({}), serving {}, at most {} clients (access keys {}, handshake timeout {}, idle timeout {})",
                FerryVersion.get(), hostPort(daemon.address), daemon.security(), repository.root(), config.maxClients(),
                config.auth() == AuthMode.KEYS ? "required" : "not required", Durations.format(config.handshakeTimeout()),
                config.idleTimeout().isZero() ? "off" : Durations.format(config.idleTimeout()));
        DiskNames.localeWarning().ifPresent(log::warn);
        if (config.maxRate() > 0 || config.maxTotalRate() > 0) {
            log.info("file data paced: {} per client, {} for all together (shared equally among those downloading)",
                    config.maxRate() > 0 ? Rate.format(config.maxRate()) : "no limit",
                    config.maxTotalRate() > 0 ? Rate.format(config.maxTotalRate()) : "no limit");
        }
        daemon.startUploads();
        if (config.auth() == AuthMode.KEYS) {
            log.info("clients need an access key: {} usable in {}{}", keys.usable(), keys.file().path(),
                    keys.usable() == 0 ? "; make one with 'ferryd invite'" : "");
        } else if (config.openBeyondLoopback()) {
            log.warn(openWarning(config));
        }
        return daemon;
    }

    /** The warning for a daemon that lets anyone in beyond loopback: at start, on the console and in the log. */
    public static String openWarning(DaemonConfig config) {
        return "WARNING: --auth none on " + config.host() + ": anyone who can reach this address can read every file"
                + " served; use --auth keys (the default off loopback) and 'ferryd invite'";
    }

    /**
     * ferryd refuses plain text anywhere but on a loopback address: the bytes, file data and all,
     * would cross a network in the clear.
     */
    public static final class PlainTextRefused extends IOException {
        PlainTextRefused(String host) {
            super("--no-tls is allowed only on a loopback address (127.0.0.1, ::1), not on " + host
                    + ": leave TLS on to listen there");
        }
    }

    /** How connections are carried, for the start line: "TLS 1.3 (BoringSSL), SHA256:…" or "plain text". */
    public String security() {
        return tls == null ? "plain text, loopback only"
                : "TLS 1.3 with " + tls.engineName() + ", fingerprint " + identity.fingerprint();
    }

    /** The server's fingerprint, {@code SHA256:…}: what clients pin. Also in plain text, where nobody checks it. */
    public String fingerprint() {
        return identity.fingerprint();
    }

    /** True if connections are carried by TLS. */
    public boolean tls() {
        return tls != null;
    }

    /** "BoringSSL" or "JDK", the TLS engine that runs; null in plain text. */
    public String tlsEngine() {
        return tls == null ? null : tls.engineName();
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

    /** "1 client connected", "2 clients connected": log lines read as sentences. */
    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
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
        String host;
        try {
            InetSocketAddress peer = (InetSocketAddress) channel.getRemoteAddress();
            remote = hostPort(peer);
            host = peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        } catch (IOException e) {
            closeQuietly(channel);
            return;
        }
        Transport transport = tls != null ? tls.open(channel) : new PlainTransport(channel);
        Session session = new Session(transport, remote, host, context);
        SessionRegistry.Admission admission = context.registry().handshakeStarted(session);
        if (admission != SessionRegistry.Admission.ADMITTED) {
            boolean perAddress = admission == SessionRegistry.Admission.ADDRESS_BUSY;
            log.warn("refused {}: {} connections {} are already in their handshake", remote,
                    perAddress ? config.maxHandshakesPerAddress() : config.maxHandshakes(),
                    perAddress ? "from its address" : "in all");
            refuseAndClose(channel, perAddress
                    ? "too many connections from your address are waiting to say HELLO; try again shortly"
                    : "too many connections are waiting to say HELLO; try again shortly");
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
            forget(session);
            context.registry().handshakeEnded(session);
            closeQuietly(channel);
        }
    }

    /** The session's reader is done; it leaves {@link #live} now if its writer is idle too, else the watchdog sees to it. */
    private void sessionEnded(Session session) {
        if (session.finished()) {
            forget(session);
        }
    }

    private void forget(Session session) {
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

    /** Connections whose session is still running, from accept until its reader is done and its writer idle. */
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

    /**
     * Says in the log who may upload, and starts removing the partials of uploads nobody resumed:
     * once now, then every quarter of their time to live (at most every hour), on a hashing thread,
     * so a large repository never holds up the watchdog.
     */
    private void startUploads() {
        DaemonConfig.Uploads limits = config.uploads();
        uploads.unavailable().ifPresentOrElse(why -> log.warn("uploads are off: {}", why), () -> log.info(
                "uploads: {}; {}, {} bytes kept free on the disk, unfinished uploads kept {}",
                limits.open() ? "open to every client (--uploads)" : "only with access keys made to write",
                limits.maxSize() == Long.MAX_VALUE ? "no size limit" : "at most " + limits.maxSize() + " bytes each",
                limits.minFreeSpace(), Durations.format(limits.partialTtl())));
        long period = Math.max(1000, Math.min(TimeUnit.HOURS.toMillis(1), limits.partialTtl().toMillis() / 4));
        watchdog.scheduleWithFixedDelay(() -> {
            try {
                hashers.execute(this::sweepPartials);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        }, 0, period, TimeUnit.MILLISECONDS);
    }

    /** What every session's uploads share. */
    public UploadSite uploads() {
        return uploads;
    }

    /** Removes the partials of uploads nobody resumed within their time to live; returns how many. */
    public int sweepPartials() {
        return uploads.sweep();
    }

    /** The watchdog's task. What it throws would stay in its future and stop it for good: running out of memory exits. */
    private void watch() {
        try {
            checkTimeouts();
        } catch (Error e) {
            UncaughtErrors.rethrowUnlessOutOfMemory(e);
        }
    }

    /**
     * Applies every timeout once, now, and lets go of sessions that have finished; the watchdog
     * does this ten times a second. Public for tests that move the ticker forward.
     */
    public void checkTimeouts() {
        long now = ticker.nanoTime();
        context.keys().reloadIfChanged();
        for (Session session : liveSnapshot()) {
            try {
                session.checkTimeouts(now);
                session.checkAccess();
                if (session.finished()) {
                    forget(session);
                }
            } catch (RuntimeException e) {
                log.error("watchdog failed on {}", session.address(), e);
            }
        }
    }

    /**
     * Waits until no connection's writer has anything in progress; false on timeout. For tests
     * that move the ticker and must not catch a write half-way.
     */
    public boolean awaitWritersIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Session session : liveSnapshot()) {
            if (!session.awaitWriterIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops serving: no new connections; every client is told the server is shutting down, its
     * transfers end with an error it can resume from, and its connection closes after the goodbye.
     * One deadline, {@link #SHUTDOWN_LIMIT} from the call, bounds it all: clients get the linger
     * time to read their goodbye (less if that would not leave {@link #SHUTDOWN_RESERVE}); those
     * still there are then cut off, and the threads get what is left. Runs once; later calls
     * return at once.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        long started = System.nanoTime();
        long deadline = started + SHUTDOWN_LIMIT.toNanos();
        List<Session> sessions;
        long served;
        synchronized (live) {
            sessions = new ArrayList<>(live);
            served = accepted;
        }
        log.info("shutting down: {}, {}, {} since start", count(context.registry().connected(), "client connected", "clients connected"),
                count(sessions.size(), "connection open", "connections open"),
                count(served, "connection served", "connections served"));
        closeQuietly(server);
        sessions.forEach(Session::shutdown);
        connections.shutdown();
        long graceful = Math.min(config.linger().plusMillis(2 * WATCHDOG_PERIOD_MILLIS).toNanos(),
                SHUTDOWN_LIMIT.minus(SHUTDOWN_RESERVE).toNanos());
        try {
            // each client is told and lingers at most config.linger(); the watchdog enforces it
            awaitLiveSessions(0, Duration.ofNanos(graceful));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Session> stubborn = liveSnapshot();
        stubborn.forEach(s -> s.abort("shutdown timed out"));
        connections.shutdownNow();
        hashers.shutdownNow();
        writers.shutdown();
        awaitQuietly(connections, deadline);
        awaitQuietly(writers, deadline);
        awaitQuietly(hashers, deadline);
        writers.shutdownNow();
        watchdog.shutdownNow();
        changes.close();
        context.repository().close();
        try {
            acceptor.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopped in {} ms{}", (System.nanoTime() - started) / 1_000_000,
                stubborn.isEmpty() ? "" : " (" + stubborn.size() + " connections cut off after the linger time)");
    }

    /** Waits for the executor's threads until the deadline (a {@link System#nanoTime()}) at most. */
    private static void awaitQuietly(ExecutorService executor, long deadline) {
        try {
            executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
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
        java.net.InetAddress ip = address.getAddress();
        if (ip == null) {
            return address.getHostString() + ":" + address.getPort();
        }
        if (ip.isAnyLocalAddress()) {
            // a wildcard bind shows as the IPv6 one on a dual-stack socket, whichever was asked for
            return "0.0.0.0:" + address.getPort() + " (every address)";
        }
        String host = ip.getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + shortIpv6(host) + "]" : host) + ":" + address.getPort();
    }

    /** An IPv6 address as people write it: leading zeros dropped, the longest run of zero groups as "::". */
    static String shortIpv6(String full) {
        String[] groups = full.replaceFirst("%.*$", "").split(":");
        if (groups.length != 8) {
            return full;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j].replaceFirst("^0+", "").isEmpty()) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append(i == 0 ? "::" : ":");
                i += bestLength - 1;
                continue;
            }
            String group = groups[i].replaceFirst("^0+(?=.)", "");
            text.append(group).append(i < 7 ? ":" : "");
        }
        return text.toString();
    }
}
