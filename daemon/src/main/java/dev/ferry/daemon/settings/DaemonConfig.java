package dev.ferry.daemon.settings;

import dev.ferry.daemon.access.AuthMode;
import dev.ferry.daemon.access.StateDir;
import dev.ferry.daemon.shared.MemoryBudget;
import dev.ferry.protocol.Wire;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything ferryd can be told. {@link #builder()} starts from the defaults the command line uses.
 *
 * @param host              address to listen on
 * @param port              port to listen on; 0 picks a free one
 * @param repository        folder to serve
 * @param maxClients        clients admitted at once
 * @param handshakeTimeout  time a new connection has to say HELLO
 * @param idleTimeout       time an admitted client may stay silent with nothing being sent to it (a download
 *                          waiting for its window counts as nothing); zero means forever
 * @param writeTimeout      time a single write may block before the client is dropped as not reading
 * @param linger            time a closing connection gets to read its last frames
 * @param maxTransfers      transfers one client may have in flight
 * @param maxHandshakes     connections that may be in their handshake at once
 * @param maxHandshakesPerAddress of those, how many may come from one IP address
 * @param chunkSize         bytes of file data per DATA frame
 * @param maxQueuedBytes    control bytes that may wait for one client before it is dropped
 * @param historyLimit      finished connections kept in the history
 * @param messagesPerSecond messages (SAY, MSG) one client may send per second, in bursts of up to 2.5 times that;
 *                          a few, as chat servers allow, so no one client can flood the others
 * @param stateDir          folder of the daemon's own state: its access keys, its TLS key and certificate
 * @param auth              whether clients need an access key; by default they do unless the daemon listens on loopback
 * @param authPause         how long an attempt with a wrong key waits for its refusal
 * @param tls               TLS 1.3 on every connection; plain text is allowed only on a loopback address
 * @param uploads           who may upload without a key, how large, how much space stays free, and how long
 *                          an unfinished upload is kept for a resume
 * @param maxRate           file data to any one client, in bytes a second; 0 for no limit
 * @param maxTotalRate      file data to all clients together, in bytes a second, shared equally among those
 *                          downloading; 0 for no limit
 */
public record DaemonConfig(
        String host,
        int port,
        Path repository,
        int maxClients,
        Duration handshakeTimeout,
        Duration idleTimeout,
        Duration writeTimeout,
        Duration linger,
        int maxTransfers,
        int maxHandshakes,
        int maxHandshakesPerAddress,
        int chunkSize,
        long maxQueuedBytes,
        int historyLimit,
        int messagesPerSecond,
        long memoryBudget,
        Path stateDir,
        AuthMode auth,
        Duration authPause,
        boolean tls,
        Uploads uploads,
        long maxRate,
        long maxTotalRate) {

    /**
     * The upload settings.
     *
     * @param open         clients without a key may upload ({@code --uploads}); with {@code --auth keys} only keys
     *                     made with {@code --write} may, whatever this says
     * @param maxSize      largest upload accepted, in bytes
     * @param minFreeSpace bytes an upload must leave free on the repository's disk
     * @param partialTtl   how long the partial of an upload nobody resumes is kept
     */
    public record Uploads(boolean open, long maxSize, long minFreeSpace, Duration partialTtl) {
        /** Read-only for clients without a key; no size limit; 256 MiB kept free; partials kept 24 hours. */
        public static final Uploads DEFAULT = new Uploads(false, Long.MAX_VALUE, 256L << 20, Duration.ofHours(24));

        public Uploads {
            Objects.requireNonNull(partialTtl, "partialTtl");
            require(maxSize >= 0, "the largest upload cannot be negative");
            require(minFreeSpace >= 0, "the space to keep free cannot be negative");
            require(!partialTtl.isNegative() && !partialTtl.isZero(), "the time partial uploads are kept must be positive");
        }
    }

    public DaemonConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(repository, "repository");
        require(port >= 0 && port <= 65535, "port must be 0..65535, not " + port);
        require(maxClients >= 1, "max clients must be at least 1, not " + maxClients);
        require(positive(handshakeTimeout), "handshake timeout must be positive");
        require(!idleTimeout.isNegative(), "idle timeout cannot be negative");
        require(positive(writeTimeout), "write timeout must be positive");
        require(!linger.isNegative(), "linger cannot be negative");
        require(maxTransfers >= 1 && maxTransfers <= 0xFFFF, "max transfers must be 1..65535, not " + maxTransfers);
        require(maxHandshakes >= 1, "max handshakes must be at least 1, not " + maxHandshakes);
        require(maxHandshakesPerAddress >= 1 && maxHandshakesPerAddress <= maxHandshakes,
                "max handshakes per address must be 1.." + maxHandshakes + ", not " + maxHandshakesPerAddress);
        require(chunkSize >= 4096 && chunkSize <= Wire.MAX_DATA_PAYLOAD, "chunk size must be 4 KiB..4 MiB");
        require(maxQueuedBytes >= Wire.MAX_CONTROL_PAYLOAD * 4L, "queue limit must be at least 256 KiB");
        require(historyLimit >= 0, "history limit cannot be negative");
        require(messagesPerSecond >= 1, "messages per second must be at least 1");
        require(memoryBudget >= Wire.MAX_CONTROL_PAYLOAD * 4L, "memory budget must be at least 256 KiB");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(auth, "auth");
        require(!authPause.isNegative(), "the pause after a wrong key cannot be negative");
        Objects.requireNonNull(uploads, "uploads");
        require(!uploads.open() || auth == AuthMode.NONE, "--uploads lets clients without a key upload, so it needs"
                + " --auth none; with access keys, make a key that may write: ferryd invite --write");
        require(maxRate >= 0 && maxTotalRate >= 0, "rates cannot be negative");
    }

    /** True if clients may come in without a key although the daemon listens beyond loopback. */
    public boolean openBeyondLoopback() {
        return auth == AuthMode.NONE && !AuthMode.isLoopback(host);
    }

    /** A builder holding ferryd's defaults: 127.0.0.1:50000, files/, three clients. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.repository = repository;
        b.maxClients = maxClients;
        b.handshakeTimeout = handshakeTimeout;
        b.idleTimeout = idleTimeout;
        b.writeTimeout = writeTimeout;
        b.linger = linger;
        b.maxTransfers = maxTransfers;
        b.maxHandshakes = maxHandshakes;
        b.maxHandshakesPerAddress = maxHandshakesPerAddress;
        b.chunkSize = chunkSize;
        b.maxQueuedBytes = maxQueuedBytes;
        b.historyLimit = historyLimit;
        b.messagesPerSecond = messagesPerSecond;
        b.memoryBudget = memoryBudget;
        b.stateDir = stateDir;
        b.auth = auth;
        b.authPause = authPause;
        b.tls = tls;
        b.uploads = uploads;
        b.maxRate = maxRate;
        b.maxTotalRate = maxTotalRate;
        return b;
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Collects settings; {@link #build()} checks them. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = Wire.DEFAULT_PORT;
        private Path repository = Path.of("files");
        private int maxClients = 3;
        private long maxRate;
        private long maxTotalRate;
        private Duration handshakeTimeout = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ofMinutes(30);
        private Duration writeTimeout = Duration.ofSeconds(60);
        private Duration linger = Duration.ofSeconds(2);
        private int maxTransfers = 16;
        private Integer maxHandshakes;
        private Integer maxHandshakesPerAddress;
        private int chunkSize = 1 << 20;
        private long maxQueuedBytes = 16L << 20;
        private int historyLimit = 10_000;
        private int messagesPerSecond = 2;
        private Long memoryBudget;
        private Path stateDir = StateDir.defaultFor(System.getenv());
        private AuthMode auth;
        private Duration authPause = Duration.ofSeconds(1);
        private boolean tls = true;
        private Uploads uploads = Uploads.DEFAULT;

        private Builder() {}

        public Builder uploads(Uploads value) {
            uploads = value;
            return this;
        }

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder repository(Path value) {
            repository = value;
            return this;
        }

        public Builder maxClients(int value) {
            maxClients = value;
            return this;
        }

        public Builder handshakeTimeout(Duration value) {
            handshakeTimeout = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder writeTimeout(Duration value) {
            writeTimeout = value;
            return this;
        }

        public Builder linger(Duration value) {
            linger = value;
            return this;
        }

        public Builder maxTransfers(int value) {
            maxTransfers = value;
            return this;
        }

        /** Unless set, 64 or twice the client limit, whichever is more. */
        public Builder maxHandshakes(int value) {
            maxHandshakes = value;
            return this;
        }

        /** Unless set, three quarters of {@link #maxHandshakes}: one address can never take them all. */
        public Builder maxHandshakesPerAddress(int value) {
            maxHandshakesPerAddress = value;
            return this;
        }

        public Builder chunkSize(int value) {
            chunkSize = value;
            return this;
        }

        public Builder maxQueuedBytes(long value) {
            maxQueuedBytes = value;
            return this;
        }

        public Builder historyLimit(int value) {
            historyLimit = value;
            return this;
        }

        public Builder messagesPerSecond(int value) {
            messagesPerSecond = value;
            return this;
        }

        /** Unless set, a quarter of the largest heap this JVM may have ({@link dev.ferry.daemon.shared.MemoryBudget#forHeap}). */
        public Builder memoryBudget(long value) {
            memoryBudget = value;
            return this;
        }

        public Builder tls(boolean value) {
            tls = value;
            return this;
        }

        public Builder stateDir(Path value) {
            stateDir = value;
            return this;
        }

        /** Unless set, {@link AuthMode#defaultFor the default for the host}. */
        public Builder auth(AuthMode value) {
            auth = value;
            return this;
        }

        public Builder authPause(Duration value) {
            authPause = value;
            return this;
        }

        /** File data to any one client, in bytes a second; 0 for no limit. */
        public Builder maxRate(long value) {
            maxRate = value;
            return this;
        }

        /** File data to all clients together, in bytes a second; 0 for no limit. */
        public Builder maxTotalRate(long value) {
            maxTotalRate = value;
            return this;
        }

        /** @throws IllegalArgumentException naming the first setting out of range */
        public DaemonConfig build() {
            int handshakes = maxHandshakes != null ? maxHandshakes : (int) Math.min(Integer.MAX_VALUE, Math.max(64L, 2L * maxClients));
            int perAddress = maxHandshakesPerAddress != null ? maxHandshakesPerAddress
                    : (int) Math.max(1, Math.min(handshakes - 1L, handshakes * 3L / 4));
            return new DaemonConfig(host, port, repository, maxClients, handshakeTimeout, idleTimeout, writeTimeout,
                    linger, maxTransfers, handshakes, perAddress, chunkSize, maxQueuedBytes, historyLimit, messagesPerSecond,
                    memoryBudget != null ? memoryBudget : MemoryBudget.forHeap(Runtime.getRuntime().maxMemory()),
                    stateDir, auth != null ? auth : AuthMode.defaultFor(host), authPause, tls, uploads, maxRate,
                    maxTotalRate);
        }
    }
}
