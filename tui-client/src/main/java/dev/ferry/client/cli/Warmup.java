package dev.ferry.client.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.LoggerFactory;

/**
 * Start-up work done on a second core while the main thread builds the command line: Logback's
 * set-up, the security providers that SHA-256 comes from, and loading the classes every
 * connection needs. Nothing here has effects a command
 * could observe except time; if the main thread gets there first it simply does the work itself
 * (SLF4J and class loading are both safe to race).
 */
final class Warmup {
    /** Classes of the connection and download path, loaded with their static state. */
    private static final String[] CLASSES = {
        "dev.ferry.client.FerryClient",
        "dev.ferry.client.DownloadCall",
        "dev.ferry.protocol.MessageCodec",
        "dev.ferry.protocol.FrameReader",
        "dev.ferry.protocol.Message",
    };

    private Warmup() {}

    static void start() {
        Thread thread = new Thread(Warmup::run, "ferry-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private static void run() {
        LoggerFactory.getILoggerFactory();
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
