package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.daemon.testing.DaemonProcess;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM: stop accepting, tell everyone, end transfers resumably, log it, exit within 5 s, rebind at once. */
@Timeout(120)
class ShutdownTest {

    @TempDir
    Path dir;

    @Test
    void sigtermTellsClientsEndsTransfersLogsAndExitsWithinFiveSeconds() throws Exception {
        Path repository = dir.resolve("files");
        TestDaemon.fill(repository);
        try (RandomAccessFile big = new RandomAccessFile(repository.resolve("big.bin").toFile(), "rw")) {
            big.setLength(1L << 30);
        }
        Path log = dir.resolve("logs/ferryd.log");
        int port;
        try (DaemonProcess daemon = DaemonProcess.start(List.of(), "--port", "0", "--repo", repository.toString(),
                "--log-file", log.toString())) {
            port = daemon.port();
            RawClient idle = RawClient.admitted(daemon.address());
            RawClient downloading = RawClient.admitted(daemon.address());
            downloading.send(7, new Message.Get("big.bin", 0));
            assertThat(downloading.next().message()).isInstanceOf(Message.FileHeader.class);
            assertThat(downloading.next().message()).isInstanceOf(Message.Data.class);

            long started = System.nanoTime();
            daemon.terminate();

            List<Message> told = new ArrayList<>();
            long[] data = {0};
            for (Frame frame = downloading.nextControl(data); frame != null; frame = downloading.nextControl(data)) {
                if (!(frame.message() instanceof Message.Event) || frame.message() instanceof Message.Notice) {
                    told.add(frame.message());
                }
            }
            assertThat(told).containsExactly(
                    new Message.Notice(ErrorCode.SHUTTING_DOWN, "ferryd is shutting down"),
                    new Message.ErrorReply(ErrorCode.SHUTTING_DOWN, "get big.bin stopped: server shutting down; get it again to resume"),
                    new Message.Bye("ferryd is shutting down"));
            assertThat(idle.closedByServer()).isTrue();
            downloading.close();
            idle.close();

            OptionalInt status = daemon.awaitExit(Duration.ofSeconds(5));
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(status).as("ferryd exited within 5 s of SIGTERM").isPresent();
            Figures.record("shutdown", "SIGTERM with one client mid-way through a 1 GiB download and one idle: both told"
                    + " (NOTICE, ERROR SHUTTING_DOWN for the transfer, BYE); exit after " + millis + " ms");
        }
        String logged = Files.readString(log);
        assertThat(logged).contains("shutting down: 2 clients connected").contains("stopped in ")
                .contains("Client02 stopped big.bin after ").contains("Client02 disconnected: server shutting down");

        try (DaemonProcess again = DaemonProcess.start(List.of(), "--port", Integer.toString(port), "--repo",
                repository.toString(), "--log-file", log.toString())) {
            assertThat(again.port()).isEqualTo(port);
            try (RawClient client = RawClient.admitted(again.address())) {
                assertThat(client.welcome().clientName()).isEqualTo("Client01");
            }
        }
        Figures.record("shutdown", "a new ferryd bound the same port at once after the old one exited");
    }
}
