package dev.ferry.daemon.testing;

import dev.ferry.daemon.Ferryd;
import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.shared.NanoClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * An in-process daemon on 127.0.0.1 and an ephemeral port, serving a fresh repository with the
 * seed's sample files. Close it to stop the daemon.
 */
public final class TestDaemon implements AutoCloseable {
    private final Ferryd daemon;
    private final Path repository;

    private TestDaemon(Ferryd daemon, Path repository) {
        this.daemon = daemon;
        this.repository = repository;
    }

    /** Starts a daemon with the defaults (three clients) on {@code repository}, after filling it. */
    public static TestDaemon start(Path repository) throws IOException {
        return start(repository, builder -> builder);
    }

    /** Starts a daemon with adjusted settings. */
    public static TestDaemon start(Path repository, UnaryOperator<DaemonConfig.Builder> settings) throws IOException {
        return start(repository, settings, NanoClock.SYSTEM);
    }

    /** Starts a daemon with adjusted settings whose timeouts run on {@code ticker}. */
    public static TestDaemon start(Path repository, UnaryOperator<DaemonConfig.Builder> settings, NanoClock ticker)
            throws IOException {
        return start(repository, settings, ticker, Clock.systemUTC());
    }

    /**
     * Starts a daemon with adjusted settings whose timeouts run on {@code ticker} and whose wall
     * time (key expiry) is {@code clock}. Its state folder, unless the settings name one, is
     * {@link #stateDir(Path)}: never the user's own.
     */
    public static TestDaemon start(Path repository, UnaryOperator<DaemonConfig.Builder> settings, NanoClock ticker,
            Clock clock) throws IOException {
        fill(repository);
        DaemonConfig config = settings.apply(DaemonConfig.builder().host("127.0.0.1").port(0).repository(repository)
                .stateDir(stateDir(repository))).build();
        Ferryd daemon = Ferryd.start(config, ticker, clock);
        if (!config.tls()) {
            RawClient.plainTextAt(daemon.address());
        }
        return new TestDaemon(daemon, repository);
    }

    /** The state folder a test daemon serving {@code repository} uses by default: beside it. */
    public static Path stateDir(Path repository) {
        return repository.resolveSibling(repository.getFileName() + ".state");
    }

    /** The seed's files: two small text files and one over a megabyte. */
    public static void fill(Path repository) throws IOException {
        Files.createDirectories(repository);
        Files.writeString(repository.resolve("sample.txt"), "hello\n", StandardCharsets.UTF_8);
        Files.writeString(repository.resolve("test1.txt"), "The first test file.\n", StandardCharsets.UTF_8);
        byte[] large = new byte[1_500_000];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) ('a' + (i * 7 + i / 13) % 26);
        }
        Files.write(repository.resolve("large_file.txt"), large);
    }

    public InetSocketAddress address() {
        return daemon.address();
    }

    public int port() {
        return daemon.address().getPort();
    }

    public Path repository() {
        return repository;
    }

    /** The daemon's fingerprint, {@code SHA256:…}, for clients to trust. */
    public String fingerprint() {
        return daemon.fingerprint();
    }

    public Ferryd daemon() {
        return daemon;
    }

    @Override
    public void close() {
        daemon.close();
        RawClient.plainTextGone(daemon.address());
    }
}
