package dev.ferry.client.tui;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real ferryd jar in its own process, on a port the system picks (port 0); the port is read
 * from the "listening on 127.0.0.1:PORT" line it prints. Closing it sends SIGTERM, as a service
 * manager would, and waits for the graceful shutdown.
 */
final class DaemonProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START = Duration.ofSeconds(30);

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread pump;
    private final int port;

    DaemonProcess(Path jar, Path repository, Path logFile, int maxClients) throws IOException, InterruptedException {
        process = new ProcessBuilder("java", "-XX:+UseSerialGC", "-jar", jar.toString(), "--port", "0",
                "--repo", repository.toString(), "--log-file", logFile.toString(),
                "--max-clients", Integer.toString(maxClients))
                .redirectErrorStream(true)
                .start();
        pump = new Thread(this::pump, "ferryd-output");
        pump.setDaemon(true);
        pump.start();
        port = awaitPort();
    }

    int port() {
        return port;
    }

    private int awaitPort() throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        StringBuilder seen = new StringBuilder();
        for (;;) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                process.destroyForcibly();
                fail("ferryd did not say where it listens within " + START.toSeconds() + " s; it printed:\n" + seen);
            }
            seen.append(line).append('\n');
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException ended) {
            // the process is gone
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        pump.join(5000);
    }
}
