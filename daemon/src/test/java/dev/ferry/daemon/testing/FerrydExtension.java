package dev.ferry.daemon.testing;

import dev.ferry.daemon.repository.UploadFolder;
import dev.ferry.daemon.settings.DaemonConfig;
import dev.ferry.daemon.shared.NanoClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A daemon for each test, set up and taken down by JUnit: a sandbox folder of its own holding the
 * repository ({@code files/}, filled with the seed's samples) and an empty {@code canary/} folder
 * beside it where anything that escaped the repository would land; an in-process ferryd on
 * 127.0.0.1 and an ephemeral port; and admitted {@link RawClient}s, all closed after the test.
 *
 * <pre>{@code
 * @RegisterExtension
 * final FerrydExtension ferryd = FerrydExtension.withUploads();
 *
 * @Test void something() throws Exception {
 *     RawClient client = ferryd.client();
 *     ... ferryd.repository() ... ferryd.canary() ...
 * }
 * }</pre>
 *
 * <p>{@link #started} daemons start before each test with the settings given; {@link #notStarted}
 * ones wait for the test to call {@link #start}, for tests whose settings or repository differ.
 */
public final class FerrydExtension implements BeforeEachCallback, AfterEachCallback {
    private final UnaryOperator<DaemonConfig.Builder> settings;
    private final boolean startEarly;
    private final List<RawClient> clients = new ArrayList<>();
    private Path sandbox;
    private TestDaemon daemon;

    private FerrydExtension(UnaryOperator<DaemonConfig.Builder> settings, boolean startEarly) {
        this.settings = settings;
        this.startEarly = startEarly;
    }

    /** A daemon with {@code settings}, started before each test. */
    public static FerrydExtension started(UnaryOperator<DaemonConfig.Builder> settings) {
        return new FerrydExtension(settings, true);
    }

    /** A daemon that takes uploads from everyone and keeps no disk space free ({@link RawUpload#OPEN}), started before each test. */
    public static FerrydExtension withUploads() {
        return started(b -> b.uploads(RawUpload.OPEN));
    }

    /** A sandbox only: the test starts the daemon with {@link #start}. */
    public static FerrydExtension notStarted() {
        return new FerrydExtension(UnaryOperator.identity(), false);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        sandbox = Files.createTempDirectory("ferryd-test-");
        Files.createDirectories(canary());
        Files.createDirectories(repository());
        if (startEarly) {
            start(settings);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            for (RawClient client : clients) {
                client.close();
            }
            clients.clear();
            if (daemon != null) {
                daemon.close();
                daemon = null;
            }
        } finally {
            deleteTree(sandbox);
        }
    }

    /** Starts the daemon with {@code settings} (once per test). */
    public TestDaemon start(UnaryOperator<DaemonConfig.Builder> settings) throws IOException {
        return start(settings, NanoClock.SYSTEM);
    }

    /** Starts the daemon with {@code settings}, its timeouts on {@code ticker}. */
    public TestDaemon start(UnaryOperator<DaemonConfig.Builder> settings, NanoClock ticker) throws IOException {
        return start(settings, ticker, java.time.Clock.systemUTC());
    }

    /** Stops the running daemon (its clients stay open, to see how it ended); the test may start another. */
    public void stop() {
        daemon().close();
        daemon = null;
    }

    /** Starts the daemon with {@code settings}, its wall time (key expiry, partials' age) on {@code clock}. */
    public TestDaemon start(UnaryOperator<DaemonConfig.Builder> settings, java.time.Clock clock) throws IOException {
        return start(settings, NanoClock.SYSTEM, clock);
    }

    /** Starts the daemon with {@code settings}, its timeouts on {@code ticker} and its wall time on {@code clock}. */
    public TestDaemon start(UnaryOperator<DaemonConfig.Builder> settings, NanoClock ticker, java.time.Clock clock)
            throws IOException {
        if (daemon != null) {
            throw new IllegalStateException("the daemon of this test is running already");
        }
        daemon = TestDaemon.start(repository(), settings, ticker, clock);
        return daemon;
    }

    /** The running daemon. */
    public TestDaemon daemon() {
        if (daemon == null) {
            throw new IllegalStateException("no daemon is running: start it first");
        }
        return daemon;
    }

    /** A new client, past HELLO and WELCOME; closed after the test. */
    public RawClient client() throws IOException {
        RawClient client = RawClient.admitted(daemon().address());
        clients.add(client);
        return client;
    }

    /** A new client that came with the access key {@code secret}, past HELLO and WELCOME; closed after the test. */
    public RawClient client(String secret) throws IOException {
        RawClient client = RawClient.admitted(daemon().address(), secret);
        clients.add(client);
        return client;
    }

    /** The test's own folder, holding the repository and the canary. */
    public Path sandbox() {
        return sandbox;
    }

    /** The repository the daemon serves. */
    public Path repository() {
        return sandbox.resolve("files");
    }

    /** A folder beside the repository that nothing the daemon does may ever write into. */
    public Path canary() {
        return sandbox.resolve("canary");
    }

    /** Every file and folder inside {@code folder}, at any depth, as paths relative to it; sorted. */
    public static List<String> contents(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hidden partials of uploads anywhere in the repository. */
    public List<Path> partials() {
        try (Stream<Path> files = Files.walk(repository())) {
            return files.filter(p -> p.getFileName().toString().startsWith(UploadFolder.PARTIAL_PREFIX)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                dir.toFile().setWritable(true, true); // a test may have taken a folder's write permission away
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
