package dev.ferry.client.cli;

import dev.ferry.transport.TlsEngines;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.LoggerFactory;

/**
 * Start-up work done on a second core while the main thread builds the command line: Logback's
 * set-up, TLS's engines (BoringSSL's library loaded and probed: the largest part of what TLS costs
 * a short command), the security providers that SHA-256 comes from, and loading the classes every
 * connection needs. Nothing here has effects a command could observe except time: class loading
 * is safe to race, and a command waits for {@link #awaitLogging} before it does anything that may
 * log (SLF4J would otherwise hold such events back and warn on stderr that it replayed them).
 */
final class Warmup {
    /** Classes of the connection and download path, loaded with their static state. */
    static final String[] CLASSES = {
        "dev.ferry.client.FerryClient",
        "dev.ferry.client.connection.Handshake",
        "dev.ferry.client.connection.FrameSender",
        "dev.ferry.client.transfer.TransferEngine",
        "dev.ferry.client.transfer.TransferSlots",
        "dev.ferry.client.transfer.DownloadCall",
        "dev.ferry.client.transfer.Destination",
        "dev.ferry.client.transfer.DataPipeline",
        "dev.ferry.protocol.MessageCodec",
        "dev.ferry.protocol.FrameReader",
        "dev.ferry.protocol.Message",
    };
    /** Options after which the command makes no TLS connection. */
    private static final Set<String> NO_TLS_NEEDED = Set.of("--no-tls", "--help", "-h", "--version", "-V");
    /** Longest a command waits for logging to be set up before it goes on regardless. */
    private static final long LOGGING_WAIT_SECONDS = 10;

    /** Counted down once logging is set up; null if no warm-up was started (tests, embedding). */
    private static volatile CountDownLatch logging;

    private Warmup() {}

    /**
     * Starts the warm-up for a run with {@code args}: TLS's engines are made only when the command
     * may connect with TLS, not for --no-tls, --help or --version.
     */
    static void start(String... args) {
        logging = new CountDownLatch(1);
        boolean tls = wantsTls(args);
        Thread thread = new Thread(() -> run(tls), "ferry-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until logging is set up, if a warm-up is doing that. */
    static void awaitLogging() {
        CountDownLatch latch = logging;
        if (latch == null) {
            return;
        }
        try {
            latch.await(LOGGING_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** False when the arguments say the command will not use TLS. Options only: a file name may be anything. */
    static boolean wantsTls(String... args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return true;
            }
            if (NO_TLS_NEEDED.contains(arg)) {
                return false;
            }
        }
        return true;
    }

    private static void run(boolean tls) {
        try {
            LoggerFactory.getILoggerFactory();
        } finally {
            logging.countDown();
        }
        if (tls) {
            try {
                TlsEngines.client(); // the connection takes these, or waits for them if still being made
            } catch (SSLException | RuntimeException | LinkageError e) {
                // the connection will meet the same problem and report it
            }
        }
        try {
            MessageDigest.getInstance("SHA-256"); // the security providers' set-up
        } catch (NoSuchAlgorithmException e) {
            return; // the main thread will meet the same problem and report it
        }
        ClassLoader loader = Warmup.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return; // the main thread will meet the same problem and report it
            }
        }
    }
}
