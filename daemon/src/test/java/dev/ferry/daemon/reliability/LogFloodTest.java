package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.DaemonProcess;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.Floods;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.Message;
import dev.ferry.protocol.MessageCodec;
import dev.ferry.protocol.Wire;
import java.io.IOException;
import java.nio.ByteBuffer;
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

    /**
     * One client's flood of bad requests, each naming a 998-byte file, is logged as a few lines and
     * a count, with names cut and control characters escaped: with the log rolled as shipped
     * (10 MB, five old files), the records of who connected survive it.
     */
    @Test
    void connectionRecordsSurviveOneClientsFloodOfBadRequests() throws Exception {
        Path repository = dir.resolve("files");
        TestDaemon.fill(repository);
        Path logs = dir.resolve("logs");
        int gets = 64_000; // about 70 MB of log if each were written, past all 60 MB the rolling keeps
        String missing = ("m".repeat(249) + "/").repeat(4).substring(0, 998); // four folders deep: refused as missing, named in full
        long floodMillis;
        try (DaemonProcess daemon = DaemonProcess.start(List.of(), "--port", "0", "--repo", repository.toString(),
                "--log-file", logs.resolve("ferryd.log").toString())) {
            try (RawClient bystander = RawClient.admitted(daemon.address());
                    RawClient flood = RawClient.admitted(daemon.address())) {
                ByteBuffer one = MessageCodec.encode(2, new Message.Get(missing, 0, Wire.MIN_WINDOW));
                byte[] all = new byte[one.remaining() * gets];
                for (int i = 0; i < gets; i++) {
                    MessageCodec.encode(i + 2, new Message.Get(missing, 0, Wire.MIN_WINDOW)).get(all, i * one.remaining(),
                            one.remaining());
                }
                floodMillis = Floods.pipeline(flood, all, gets, error -> { });
                flood.send(gets + 2, new Message.Exit());
            }
            daemon.terminate();
            assertThat(daemon.awaitExit(Duration.ofSeconds(10))).isPresent();
        }
        Floods.Log log = Floods.Log.read(logs);
        List<String> lines = log.lines();
        long total = log.bytes();
        String summary = log.connectionRecordsAndFloodSummary();
        assertThat(lines.stream().mapToInt(String::length).max().orElse(0)).as("longest line").isLessThan(600);
        assertThat(total).as("log bytes in all").isLessThan(256 * 1024);
        Figures.record("log flood", gets + " pipelined GETs of a missing " + missing.length() + "-byte name from one client"
                + " in " + floodMillis + " ms, with the shipped rolling (10 MB x 5): " + total + " bytes of log in all,"
                + " every connection record kept; \"" + summary.substring(summary.indexOf("more requests") - 6).trim() + "\"");
    }
}
