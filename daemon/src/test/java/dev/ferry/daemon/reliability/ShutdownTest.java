package dev.ferry.daemon.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.daemon.testing.DaemonProcess;
import dev.ferry.daemon.testing.Figures;
import dev.ferry.daemon.testing.RawClient;
import dev.ferry.daemon.testing.TestDaemon;
import dev.ferry.protocol.ErrorCode;
import dev.ferry.protocol.Frame;
import dev.ferry.protocol.Message;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.Socket;
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
    /** A stop that went as asked is a success: ferryd exits 0, not the signal's 143. */
    static final int GRACEFUL_STATUS = 0;

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
                "--log-file", log.toString());
                RawClient idle = RawClient.admitted(daemon.address());
                RawClient downloading = RawClient.admitted(daemon.address());
                RawClient stalled = RawClient.admitted(daemon.address())) {
            port = daemon.port();
            downloading.send(7, new Message.Get("big.bin", 0));
            Message header = downloading.next().message();
            while (header instanceof Message.Joined) {
                header = downloading.next().message(); // the third client joining
            }
            assertThat(header).isInstanceOf(Message.FileHeader.class);
            assertThat(downloading.next().message()).isInstanceOf(Message.Data.class);
            // mid-download and no longer reading: its writer blocks on a full TCP window and stays blocked
            stalled.send(1, new Message.Get("big.bin", 0));

            long terminated = System.nanoTime();
            daemon.terminate();

            assertThat(controlFrames(idle)).containsExactly(
                    new Message.Notice(ErrorCode.SHUTTING_DOWN, "ferryd is shutting down"),
                    new Message.Bye("ferryd is shutting down"));
            long idleToldAfter = millisSince(terminated);
            // the listening socket closes before anyone is told: a new connection is refused, not queued
            boolean stillRunning = daemon.isAlive();
            assertThatThrownBy(() -> new Socket(daemon.address().getAddress(), port).close())
                    .isInstanceOf(ConnectException.class);

            assertThat(controlFrames(downloading)).containsExactly(
                    new Message.Notice(ErrorCode.SHUTTING_DOWN, "ferryd is shutting down"),
                    new Message.ErrorReply(ErrorCode.SHUTTING_DOWN, "get big.bin stopped: server shutting down; get it again to resume"),
                    new Message.Bye("ferryd is shutting down"));

            long left = Duration.ofSeconds(5).toNanos() - (System.nanoTime() - terminated);
            OptionalInt status = daemon.awaitExit(Duration.ofNanos(Math.max(0, left)));
            long exitedAfter = millisSince(terminated);
            assertThat(status).as("ferryd exited within 5 s of SIGTERM").isPresent();
            assertThat(exitedAfter).isLessThanOrEqualTo(5000);
            assertThat(status.getAsInt()).isEqualTo(GRACEFUL_STATUS);
            Figures.record("shutdown", "SIGTERM with one client idle, one mid-way through a 1 GiB download and one that had"
                    + " stopped reading mid-download: the idle one got NOTICE SHUTTING_DOWN and BYE after " + idleToldAfter
                    + " ms, the downloading one NOTICE, ERROR SHUTTING_DOWN for its transfer and BYE; a new connection was refused"
                    + (stillRunning ? " while ferryd was still shutting down" : "") + "; exit status " + status.getAsInt()
                    + " after " + exitedAfter + " ms");
        }
        String logged = Files.readString(log);
        assertThat(logged).contains("shutting down: 3 clients connected").contains("stopped in ")
                .contains("Client02 stopped big.bin after ").contains("Client02 disconnected: server shutting down")
                .contains("Client03 disconnected: server shutting down");

        long restarting = System.nanoTime();
        try (DaemonProcess again = DaemonProcess.start(List.of(), "--port", Integer.toString(port), "--repo",
                repository.toString(), "--log-file", log.toString())) {
            long listeningAfter = millisSince(restarting);
            assertThat(again.port()).isEqualTo(port);
            try (RawClient client = RawClient.admitted(again.address())) {
                assertThat(client.welcome().clientName()).isEqualTo("Client01");
            }
            Figures.record("shutdown", "a new ferryd bound the same port and listened " + listeningAfter
                    + " ms after it was started (JVM start included)");
        }
    }

    /** Every frame up to the close, but DATA and the events about other clients. */
    private static List<Message> controlFrames(RawClient client) throws Exception {
        List<Message> told = new ArrayList<>();
        long[] data = {0};
        for (Frame frame = client.nextControl(data); frame != null; frame = client.nextControl(data)) {
            if (!(frame.message() instanceof Message.Event) || frame.message() instanceof Message.Notice) {
                told.add(frame.message());
            }
        }
        return told;
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
