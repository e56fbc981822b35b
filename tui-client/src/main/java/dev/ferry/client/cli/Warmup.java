package dev.ferry.client.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * Start-up work done on a second core while the main thread builds the command line: Logback's
 * set-up, the security providers that SHA-256 comes from, and loading the classes every
 * connection needs. Nothing here has effects a command could observe except time: class loading
 * is safe to race, and a command waits for {@link #awaitLogging} before it does anything that may
 * log (SLF4J would otherwise hold such events back and warn on stderr that it replayed them).
 */
final class Warmup {
    /** Classes of the connection and download path, loaded with their static state. */
    private static final String[] CLASSES = {
        "dev.ferry.client.FerryClient",
        "dev.ferry.client.Handshake",
        "dev.ferry.client.FrameSender",
        "dev.ferry.client.TransferSlots",
        "dev.ferry.client.DownloadCall",
        "dev.ferry.client.Destination",
        "dev.ferry.client.DataPipeline",
        "dev.ferry.protocol.MessageCodec",
        "dev.ferry.protocol.FrameReader",
        "dev.ferry.protocol.Message",
    };
    /** Longest a command waits for logging to be set up before it goes on regardless. */
    private static final long LOGGING_WAIT_SECONDS = 10;

    /** Counted down once logging is set up; null if no warm-up was started (tests, embedding). */
    private static volatile CountDownLatch logging;

    private Warmup() {}

    static void start() {
        logging = new CountDownLatch(1);
        Thread thread = new Thread(Warmup::run, "ferry-warmup");
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

    private static void run() {
        try {
            LoggerFactory.getILoggerFactory();
        } finally {
            logging.countDown();
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
