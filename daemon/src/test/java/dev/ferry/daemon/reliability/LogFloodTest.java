package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.DaemonProcess;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A flood of bad connections cannot fill the disk: the log rolls over within its cap. */
@Timeout(180)
class LogFloodTest {
    static final int CONNECTIONS = 3000;
    static final long MAX_FILE = 32 * 1024;
    static final int KEEP = 2;

    @TempDir
    Path dir;

    @Test
    void theLogStaysWithinItsCapUnderAFloodOfBadConnections() throws Exception {
        Path repository = dir.resolve("files");
        TestDaemon.fill(repository);
        Path logs = dir.resolve("logs");
        try (DaemonProcess daemon = DaemonProcess.start(
                List.of("-Dferry.log.maxFileSize=" + MAX_FILE, "-Dferry.log.keep=" + KEEP),
                "--port", "0", "--repo", repository.toString(), "--log-file", logs.resolve("ferryd.log").toString(),
                "--handshake-timeout", "1")) {
            byte[] garbage = "this is not ferry\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < CONNECTIONS; i++) {
                try (Socket socket = new Socket()) {
                    socket.connect(daemon.address(), 5000);
                    RawClient.write(socket, garbage, RawClient.WRITE_DEADLINE);
                } catch (IOException e) {
                    // the daemon closing first is fine
                }
            }
            daemon.terminate();
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).isPresent();
        }
        long total;
        long files;
        try (Stream<Path> all = Files.list(logs)) {
            List<Path> logFiles = all.toList();
            files = logFiles.size();
            total = 0;
            for (Path file : logFiles) {
                total += Files.size(file);
            }
        }
        // the size is checked on every event, so a file overshoots its cap by at most one line
        long bound = (KEEP + 1) * (MAX_FILE + 1024);
        assertThat(files).isLessThanOrEqualTo(KEEP + 1);
        assertThat(total).isLessThanOrEqualTo(bound);
        Figures.record("log flood", CONNECTIONS + " bad connections: " + files + " log files, " + total
                + " bytes on disk against a cap of " + (KEEP + 1) + " x " + MAX_FILE + " bytes");
    }
}
